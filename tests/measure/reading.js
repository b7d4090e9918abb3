() => [...document.querySelectorAll("main p, main li, main summary, main label, footer p")]
  .filter((el) => el.getClientRects().length && !el.closest("[hidden]"))
  .map((el) => { const s = getComputedStyle(el); const size = parseFloat(s.fontSize);
    return {text: el.textContent.trim().slice(0, 30), size, line: parseFloat(s.lineHeight) / size,
            spacing: s.letterSpacing}; })
