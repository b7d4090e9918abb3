// Picks a count message rendered by the server once per plural category (data-count-<category>).
const rules = new Map();

/** The message for `count` from `element`'s data-count-* attributes, with the number filled in. */
export function countMessage(element, count) {
  const lang = document.documentElement.lang;
  if (!rules.has(lang)) rules.set(lang, new Intl.PluralRules(lang));
  const category = rules.get(lang).select(count);
  const template = element.dataset[`count${category[0].toUpperCase()}${category.slice(1)}`]
    ?? element.dataset.countOther ?? "{n}";
  return template.replace("{n}", String(count));
}
