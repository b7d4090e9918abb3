"""The FAQ filter's fold (static/js/normalize.js) in Chromium: what patients type finds what is written."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.browser

FOLD = "texts => import('/static/js/normalize.js').then(m => texts.map(m.fold))"
MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"  # tashkeel, dagger alef, tatweel
ARABIC_LETTERS = st.sampled_from("ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآىة")
WORDS = st.text(ARABIC_LETTERS, min_size=1, max_size=12)


@pytest.fixture(scope="module")
def fold(browser, live_server):
    """fold() of a list of texts in one round trip to a page of the kiosk."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/faq")
    yield lambda texts: page.evaluate(FOLD, texts)
    context.close()


@pytest.mark.parametrize(("typed", "written"), [
    ("اكزوزوم", "الإكسوسومات"), ("إكزوسوم", "إكسوسوم"), ("اكسوزوم", "إكسوسوم"), ("اكسوسوم", "الإكسُوسُومات"),
    ("الشـــعر", "الشَّعر"), ("متي", "متى"), ("الجذعيه", "الجذعية"), ("أكسوسومات", "إكسوسومات"),
    ("آثار", "اثار"),
])
def test_typed_spellings_fold_into_what_is_written(fold, typed, written):
    [short, long] = fold([typed, written])
    assert short in long


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(WORDS, min_size=1, max_size=8), marks=st.lists(st.sampled_from(MARKS), max_size=30),
       seed=st.randoms(use_true_random=False))
def test_marks_tatweel_and_letter_forms_never_change_the_fold(fold, words, marks, seed):
    text = " ".join(words)
    marked = list(text)
    for mark in marks:  # diacritics and tatweel after any letter
        marked.insert(seed.randint(1, len(marked)), mark)
    plain = (text.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ى", "ي").replace("ة", "ه"))
    folded = fold([text, "".join(marked).replace("  ", " "), plain])
    assert folded[0] == folded[2]
    assert folded[1].replace(" ", "") == folded[0].replace(" ", "")
    assert fold([folded[0]]) == [folded[0]]  # folding twice changes nothing
