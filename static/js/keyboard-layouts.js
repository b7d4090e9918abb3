// Key rows of the on-screen keyboard. Letter rows follow the arrangement of phone keyboards people know.
export const LAYOUTS = {
  ar: {
    dir: "rtl",
    rows: [
      ["ض", "ص", "ث", "ق", "ف", "غ", "ع", "ه", "خ", "ح", "ج"],
      ["ش", "س", "ي", "ب", "ل", "ا", "ت", "ن", "م", "ك", "ط"],
      ["ذ", "ئ", "ء", "ؤ", "ر", "ى", "ة", "و", "ز", "ظ", "د"],
      ["أ", "إ", "آ", "،", ".", "-", "؟"],
    ],
  },
  en: {
    dir: "ltr",
    rows: [
      ["q", "w", "e", "r", "t", "y", "u", "i", "o", "p"],
      ["a", "s", "d", "f", "g", "h", "j", "k", "l"],
      ["z", "x", "c", "v", "b", "n", "m"],
      [",", ".", "-", "'", "?", "@"],
    ],
  },
  // The same pad in both languages: digits read left to right everywhere.
  phone: {
    dir: "ltr",
    rows: [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"], ["+", "0"]],
  },
};
