"""Patient-facing content from the clinic's article, declared once as lazy gettext strings.

The English msgids keep the article's own wording (including its typographic apostrophe and dash).
Nothing here needs a Flask app at import time; the strings resolve when they are rendered.
"""

from dataclasses import dataclass
from typing import ClassVar

from flask_babel.speaklater import LazyString

from .i18n.text import lazy_gettext as _l


@dataclass(frozen=True)
class Paragraph:
    text: LazyString
    kind: ClassVar[str] = "paragraph"


@dataclass(frozen=True)
class Bullets:
    items: tuple[LazyString, ...]
    kind: ClassVar[str] = "bullets"


@dataclass(frozen=True)
class Subsection:
    title: LazyString
    paragraphs: tuple[Paragraph, ...]
    kind: ClassVar[str] = "subsection"


@dataclass(frozen=True)
class Section:
    slug: str
    title: LazyString
    body: tuple[Paragraph | Bullets | Subsection, ...]


@dataclass(frozen=True)
class FaqEntry:
    slug: str
    question: LazyString
    answer: LazyString


@dataclass(frozen=True)
class Step:
    slug: str
    group: str  # "cycle", "mechanism" or "limits"
    title: LazyString
    text: LazyString


# ---------------------------------------------------------------------------------------------------------
# The whole article, in order: one msgid per heading, per paragraph and per list item.
# ---------------------------------------------------------------------------------------------------------

ARTICLE: tuple[Section, ...] = (
    Section(
        slug="introduction",
        title=_l("Exosomes and hair restoration"),
        body=(
            Paragraph(
                _l(
                    "Exosomes have become a major topic in regenerative medicine, especially in hair "
                    "restoration. Their ability to carry signaling molecules and influence cell behavior "
                    "makes them a promising tool for hair follicle regeneration. Understanding the science "
                    "behind exosomes and how they work with hair follicles can help you decide whether "
                    "exosome therapy is a suitable option for hair loss. Hair loss with exosomes in Riyadh "
                    "is becoming a popular regenerative option for people seeking non-surgical solutions to "
                    "thinning hair."
                )
            ),
        ),
    ),
    Section(
        slug="what-are-exosomes",
        title=_l("What Are Exosomes?"),
        body=(
            Paragraph(
                _l(
                    "Exosomes are tiny, naturally occurring particles released by cells. They are a type of "
                    "extracellular vesicle—small bubbles made of a lipid membrane that contain proteins, "
                    "RNA, and other bioactive molecules. Think of them as the body’s natural communication "
                    "system. Cells release exosomes to send information to other cells, helping coordinate "
                    "healing, growth, and immune responses."
                )
            ),
            Paragraph(
                _l(
                    "Exosomes are different from stem cells because they do not contain whole cells or DNA "
                    "that can divide. Instead, they act like messengers that instruct cells to behave in a "
                    "certain way. In hair restoration, exosomes are used to deliver signals that can "
                    "activate and regenerate hair follicles."
                )
            ),
        ),
    ),
    Section(
        slug="how-hair-follicles-work",
        title=_l("How Hair Follicles Work"),
        body=(
            Paragraph(
                _l(
                    "To understand how exosomes can help hair growth, it is important to know how hair "
                    "follicles function. Hair follicles go through a cycle that includes:"
                )
            ),
            Bullets(
                (
                    _l("Anagen (growth phase)"),
                    _l("Catagen (transition phase)"),
                    _l("Telogen (resting phase)"),
                )
            ),
            Paragraph(
                _l(
                    "Healthy hair follicles spend a long time in the anagen phase, which is why hair grows "
                    "steadily. Hair loss occurs when the growth phase shortens, and more follicles enter the "
                    "resting phase. In many types of hair loss, especially androgenetic alopecia (pattern "
                    "baldness), follicles shrink over time and become weaker. Eventually, they may stop "
                    "producing hair altogether."
                )
            ),
        ),
    ),
    Section(
        slug="how-exosomes-affect-hair-follicles",
        title=_l("How Exosomes Affect Hair Follicles"),
        body=(
            Paragraph(_l("Exosomes can influence hair follicles in several key ways:")),
            Subsection(
                _l("Stimulating Hair Follicle Stem Cells"),
                (
                    Paragraph(
                        _l(
                            "Hair follicle stem cells are responsible for generating new hair. In thinning "
                            "hair, these stem cells become less active. Exosomes can deliver growth factors "
                            "and signaling molecules that reactivate these stem cells, encouraging them to "
                            "enter the growth phase and produce stronger hair."
                        )
                    ),
                ),
            ),
            Subsection(
                _l("Improving Cell Communication"),
                (
                    Paragraph(
                        _l(
                            "Hair follicles are complex structures that rely on communication between "
                            "different cell types, such as dermal papilla cells and epidermal cells. "
                            "Exosomes contain microRNAs and proteins that help improve this communication, "
                            "leading to better coordination in the hair growth process."
                        )
                    ),
                ),
            ),
            Subsection(
                _l("Reducing Inflammation"),
                (
                    Paragraph(
                        _l(
                            "Inflammation is a major factor in hair loss. It can damage follicles and "
                            "disrupt the hair growth cycle. Exosomes carry anti-inflammatory molecules that "
                            "can help calm the scalp environment. This creates a healthier setting for "
                            "follicles to function properly."
                        )
                    ),
                ),
            ),
            Subsection(
                _l("Promoting Blood Supply"),
                (
                    Paragraph(
                        _l(
                            "Hair follicles require oxygen and nutrients, which are delivered through blood "
                            "vessels. Exosomes can stimulate the formation of new blood vessels and improve "
                            "circulation around the follicle. This enhanced blood supply supports stronger "
                            "hair growth and healthier follicles."
                        )
                    ),
                ),
            ),
            Subsection(
                _l("Supporting Dermal Papilla Cells"),
                (
                    Paragraph(
                        _l(
                            "Dermal papilla cells play a key role in controlling the hair growth cycle. When "
                            "these cells are damaged or weakened, hair growth slows down. Exosomes can help "
                            "repair and strengthen these cells, supporting better hair production."
                        )
                    ),
                ),
            ),
        ),
    ),
    Section(
        slug="why-exosomes-are-considered-powerful",
        title=_l("Why Exosomes Are Considered Powerful"),
        body=(
            Paragraph(
                _l(
                    "One of the reasons exosomes are seen as powerful in hair restoration is their ability "
                    "to deliver a concentrated mix of regenerative signals without using whole cells. This "
                    "means they can trigger healing and growth without the complexity and risks associated "
                    "with stem cell therapies. They are also small enough to penetrate deep into scalp "
                    "tissues when injected or applied through microneedling."
                )
            ),
            Paragraph(
                _l(
                    "Because exosomes are derived from regenerative cell types, they carry a higher "
                    "concentration of growth factors than what may be available in a patient’s own blood. "
                    "This is why some clinics use exosomes as an advanced option for hair loss treatment."
                )
            ),
        ),
    ),
    Section(
        slug="limitations-and-considerations",
        title=_l("Limitations and Considerations"),
        body=(
            Paragraph(
                _l(
                    "Despite the promise, exosome therapy is still emerging in the field of hair "
                    "restoration. While early studies and clinical observations show positive results, "
                    "larger long-term studies are still needed to fully understand how effective it is "
                    "compared to other treatments. Additionally, not all exosome products are the same. The "
                    "quality, source, and processing method can impact the results."
                )
            ),
            Paragraph(
                _l(
                    "Exosome therapy may not be effective for advanced hair loss where follicles are "
                    "completely inactive or scarred. In such cases, hair transplant surgery may be a more "
                    "suitable option."
                )
            ),
        ),
    ),
    Section(
        slug="conclusion",
        title=_l("Conclusion"),
        body=(
            Paragraph(
                _l(
                    "The science behind exosomes and hair follicle regeneration is grounded in the concept "
                    "of cellular communication and regeneration. Exosomes act as powerful messengers that "
                    "can stimulate hair follicle stem cells, reduce inflammation, improve blood flow, and "
                    "support the overall scalp environment. While they represent a promising advancement in "
                    "hair restoration, realistic expectations and proper clinical guidance are essential for "
                    "achieving the best results. For many people experiencing early to moderate hair "
                    "thinning, exosome therapy offers a modern, non-surgical option that taps into the "
                    "body’s natural regenerative potential."
                )
            ),
        ),
    ),
)


# ---------------------------------------------------------------------------------------------------------
# Questions and answers, answered only from the article.
# ---------------------------------------------------------------------------------------------------------

FAQ: tuple[FaqEntry, ...] = (
    FaqEntry(
        slug="what-are-exosomes",
        question=_l("What are exosomes?"),
        answer=_l(
            "Exosomes are tiny, naturally occurring particles released by cells. They are small bubbles with "
            "a lipid membrane that carry proteins, RNA and other bioactive molecules. Cells use them to send "
            "information to other cells."
        ),
    ),
    FaqEntry(
        slug="exosomes-and-stem-cells",
        question=_l("How are exosomes different from stem cells?"),
        answer=_l(
            "Exosomes do not contain whole cells or DNA that can divide. They act like messengers that "
            "instruct cells to behave in a certain way."
        ),
    ),
    FaqEntry(
        slug="hair-growth-cycle",
        question=_l("What is the hair growth cycle?"),
        answer=_l(
            "Hair follicles go through a cycle that includes anagen (growth), catagen (transition) and "
            "telogen (rest). Healthy follicles spend a long time in the growth phase, which is why hair "
            "grows steadily."
        ),
    ),
    FaqEntry(
        slug="pattern-hair-loss",
        question=_l("What goes wrong in pattern hair loss?"),
        answer=_l(
            "The growth phase shortens and more follicles enter the resting phase. In androgenetic alopecia "
            "(pattern baldness), follicles shrink over time and become weaker. Eventually, they may stop "
            "producing hair altogether."
        ),
    ),
    FaqEntry(
        slug="how-exosomes-act",
        question=_l("How can exosomes act on hair follicles?"),
        answer=_l(
            "Exosomes can act in five key ways: they can stimulate hair follicle stem cells, improve "
            "communication between cells, reduce inflammation, promote blood supply and support dermal "
            "papilla cells."
        ),
    ),
    FaqEntry(
        slug="how-applied",
        question=_l("How are exosomes applied to the scalp?"),
        answer=_l(
            "Exosomes are injected into the scalp or applied through microneedling. They are small enough to "
            "penetrate deep into scalp tissues this way."
        ),
    ),
    FaqEntry(
        slug="why-clinics-use-exosomes",
        question=_l("Why do some clinics use exosomes?"),
        answer=_l(
            "Exosomes are derived from regenerative cell types, so they carry a higher concentration of "
            "growth factors than what may be available in a patient’s own blood. This is why some clinics "
            "use them as an advanced option for hair loss treatment."
        ),
    ),
    FaqEntry(
        slug="why-considered-powerful",
        question=_l("Why are exosomes considered powerful?"),
        answer=_l(
            "They deliver a concentrated mix of regenerative signals without using whole cells. This means "
            "they can trigger healing and growth without the complexity and risks associated with stem cell "
            "therapies. But exosome therapy is still emerging: larger long-term studies are still needed to "
            "fully understand how effective it is, and it may not be effective for advanced hair loss where "
            "follicles are completely inactive or scarred. For its own side effects, see “What about side "
            "effects and safety?”."
        ),
    ),
    FaqEntry(
        slug="inflammation",
        question=_l("Does inflammation play a part in hair loss?"),
        answer=_l(
            "Yes. Inflammation is a major factor in hair loss: it can damage follicles and disrupt the hair "
            "growth cycle. Exosomes carry anti-inflammatory molecules that can help calm the scalp "
            "environment."
        ),
    ),
    FaqEntry(
        slug="who-may-benefit",
        question=_l("Who may benefit from exosome therapy?"),
        answer=_l(
            "For many people with early to moderate hair thinning, exosome therapy offers a modern, "
            "non-surgical option. A doctor at the clinic can advise whether it is suitable for you."
        ),
    ),
    FaqEntry(
        slug="who-may-not-benefit",
        question=_l("When may exosome therapy not help?"),
        answer=_l(
            "Exosome therapy may not be effective for advanced hair loss where follicles are completely "
            "inactive or scarred. In such cases, hair transplant surgery may be a more suitable option."
        ),
    ),
    FaqEntry(
        slug="product-quality",
        question=_l("Are all exosome products the same?"),
        answer=_l(
            "No. Exosome products differ, and their quality, source and processing method can affect the "
            "results."
        ),
    ),
    FaqEntry(
        slug="evidence",
        question=_l("How well studied is exosome therapy?"),
        answer=_l(
            "Exosome therapy is still emerging in hair restoration. Early studies and clinical observations "
            "show positive results, but larger long-term studies are still needed to fully understand how "
            "effective it is compared to other treatments."
        ),
    ),
    FaqEntry(
        slug="compared-with-prp",
        question=_l("How do exosomes compare with PRP or my own blood?"),
        answer=_l(
            "How effective exosome therapy is compared to other treatments is not yet fully understood: "
            "larger long-term studies are still needed. The article this information comes from does not "
            "discuss PRP. It says only that exosomes, derived from regenerative cell types, carry a higher "
            "concentration of growth factors than what may be available in a patient’s own blood. Please "
            "ask our doctors which option may suit you."
        ),
    ),
    FaqEntry(
        slug="where-exosomes-come-from",
        question=_l("Where do exosomes come from?"),
        answer=_l(
            "Exosomes are tiny particles that cells release naturally. Those used in hair restoration are "
            "derived from regenerative cell types. Not all exosome products are the same: their quality, "
            "source and processing method can affect the results. Please ask our doctors about the product "
            "the clinic uses."
        ),
    ),
    FaqEntry(
        slug="side-effects-and-safety",
        question=_l("What about side effects and safety?"),
        answer=_l(
            "The article this information comes from does not cover side effects or safety. Please ask our "
            "doctors about them before you decide on any treatment: you can request a consultation from the "
            "home screen."
        ),
    ),
    FaqEntry(
        slug="is-it-surgical",
        question=_l("Is exosome therapy a surgical treatment?"),
        answer=_l(
            "No. Exosome therapy is a non-surgical option: the exosomes are injected into the scalp or "
            "applied through microneedling."
        ),
    ),
    FaqEntry(
        slug="expectations",
        question=_l("What results can I expect?"),
        answer=_l(
            "Exosome therapy is a promising advancement, but realistic expectations and proper clinical "
            "guidance are essential for achieving the best results. It is still emerging: larger long-term "
            "studies are still needed to fully understand how effective it is. It may not be effective for "
            "advanced hair loss where follicles are completely inactive or scarred; in such cases, hair "
            "transplant surgery may be a more suitable option. Results can also depend on the quality, "
            "source and processing of the product used."
        ),
    ),
    FaqEntry(
        slug="personal-advice",
        question=_l("Can this kiosk tell me whether exosome therapy is right for me?"),
        answer=_l(
            "No. This kiosk gives general information only and cannot answer for you personally. Please ask "
            "our doctors: you can request a consultation from the home screen."
        ),
    ),
)


# ---------------------------------------------------------------------------------------------------------
# The step-through explainer: the hair cycle, the five ways exosomes act on follicles, then the article's
# limitations, so the step-through never ends on what exosomes can do alone.
# ---------------------------------------------------------------------------------------------------------

STEPS: tuple[Step, ...] = (
    Step(
        slug="anagen",
        group="cycle",
        title=_l("Anagen: the growth phase"),
        text=_l(
            "Anagen is the growth phase of the hair cycle. Healthy hair follicles spend a long time in this "
            "phase, which is why hair grows steadily."
        ),
    ),
    Step(
        slug="catagen",
        group="cycle",
        title=_l("Catagen: the transition phase"),
        text=_l(
            "Catagen is the transition phase of the hair cycle. It comes after the growth phase and before "
            "the resting phase."
        ),
    ),
    Step(
        slug="telogen",
        group="cycle",
        title=_l("Telogen: the resting phase"),
        text=_l(
            "Telogen is the resting phase of the hair cycle. Hair loss occurs when more follicles enter this "
            "resting phase."
        ),
    ),
    Step(
        slug="pattern-loss",
        group="cycle",
        title=_l("When the cycle goes wrong"),
        text=_l(
            "In hair loss, the growth phase shortens and more follicles rest. In pattern baldness "
            "(androgenetic alopecia), follicles shrink and become weaker over time. Eventually, they may "
            "stop producing hair altogether."
        ),
    ),
    Step(
        slug="stem-cells",
        group="mechanism",
        title=_l("Stimulating stem cells"),
        text=_l(
            "Hair follicle stem cells generate new hair, but in thinning hair they become less active. "
            "Exosomes can deliver growth factors and signals that reactivate these cells, encouraging them "
            "to enter the growth phase and produce stronger hair."
        ),
    ),
    Step(
        slug="communication",
        group="mechanism",
        title=_l("Improving cell communication"),
        text=_l(
            "Hair follicles rely on communication between different cell types, such as dermal papilla cells "
            "and epidermal cells. Exosomes contain microRNAs and proteins that help improve this "
            "communication, so hair growth is better coordinated."
        ),
    ),
    Step(
        slug="inflammation",
        group="mechanism",
        title=_l("Reducing inflammation"),
        text=_l(
            "Inflammation can damage follicles and disrupt the hair growth cycle. Exosomes carry "
            "anti-inflammatory molecules that can help calm the scalp, giving follicles a healthier setting "
            "to work in."
        ),
    ),
    Step(
        slug="blood-supply",
        group="mechanism",
        title=_l("Promoting blood supply"),
        text=_l(
            "Hair follicles need oxygen and nutrients, which blood vessels deliver. Exosomes can stimulate "
            "the formation of new blood vessels and improve circulation around the follicle, which supports "
            "stronger hair growth."
        ),
    ),
    Step(
        slug="dermal-papilla",
        group="mechanism",
        title=_l("Supporting dermal papilla cells"),
        text=_l(
            "Dermal papilla cells help control the hair growth cycle. When they are damaged or weakened, "
            "hair growth slows down. Exosomes can help repair and strengthen these cells, supporting better "
            "hair production."
        ),
    ),
    Step(
        slug="limitations",
        group="limits",
        title=_l("Limitations and Considerations"),
        text=_l(
            "Exosome therapy is still emerging: early studies and clinical observations show positive "
            "results, but larger long-term studies are still needed to fully understand how effective it "
            "is. It may not be effective for advanced hair loss where follicles are completely inactive or "
            "scarred; in such cases, hair transplant surgery may be a more suitable option."
        ),
    ),
)
