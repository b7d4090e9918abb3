// Text folding for search: case, Latin accents, and the Arabic spelling variants people type.
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g; // tashkeel, Quranic marks, tatweel
const LATIN_MARKS = /[\u0300-\u036F]/g;
const FOLD = new Map([
  ["أ", "ا"], ["إ", "ا"], ["آ", "ا"], ["ٱ", "ا"], ["ٲ", "ا"], ["ٳ", "ا"],
  ["ؤ", "و"], ["ئ", "ي"], ["ى", "ي"], ["ی", "ي"], ["ة", "ه"], ["ک", "ك"],
]);
const DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;
// The loanword "exosome" as patients spell it (إكسوسوم, اكسوسوم, اكزوزوم, إكزوسوم, …), once its alef is
// folded: s or z in either place is one word (SPEC §3 FAQ filter).
const EXOSOME = /اك[سز]و[سز]وم/g;

/** Fold `text` so that spelling variants compare equal; both the query and the entries go through it. */
export function fold(text) {
  return text
    .normalize("NFKD")
    .replace(LATIN_MARKS, "")
    .normalize("NFC")
    .replace(ARABIC_MARKS, "")
    .replace(/[أإآٱٲٳؤئىیةک]/g, (letter) => FOLD.get(letter))
    .replace(DIGITS, (digit) => String((digit.charCodeAt(0) - 0x0660) % 0x90 % 10))
    .replace(EXOSOME, "اكسوسوم")
    .toLocaleLowerCase()
    .replace(/[\s\u200c-\u200f]+/g, " ")
    .trim();
}
