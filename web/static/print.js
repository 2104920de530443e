// The project page's 打印 button (UI.md "Print"): shown only when this script runs, it opens the browser's print
// dialog; app.css's print rules lay the page out on A4. No inline script: the CSP forbids it.
(() => {
  // A4 less 12 mm margins is 186 mm wide; charts sit two to a row, 60 mm tall (app.css "print").
  const mm = 96 / 25.4;
  const charts = () => Object.values(window.Chart?.instances ?? {});
  window.addEventListener('beforeprint', () => {
    for (const chart of charts()) chart.resize(Math.floor(86 * mm), Math.floor(60 * mm));
  });
  window.addEventListener('afterprint', () => {
    for (const chart of charts()) chart.resize();
  });
  document.addEventListener('DOMContentLoaded', () => {
    for (const button of document.querySelectorAll('button[data-print]')) {
      button.hidden = false;
      button.addEventListener('click', () => window.print());
    }
  });
})();
