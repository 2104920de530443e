// Draws every <canvas data-chart="ID"> from the JSON in <script type="application/json" id="ID">: the page
// renders the numbers on the server; this only hands them to chart.js (no inline script: the CSP forbids it).
(() => {
  const styles = {
    actual: { borderColor: '#0b3d6e', backgroundColor: 'rgba(11,61,110,0.15)', borderWidth: 2, pointRadius: 0 },
    pace: { borderColor: '#5f6368', borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0 },
    target: { borderColor: '#c62828', borderWidth: 1, pointRadius: 0 },
    bars: { backgroundColor: '#1e7d32' },
  };
  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof window.Chart !== 'function') return;
    const spec = JSON.parse(source.textContent);
    const datasets = spec.series.map((s) => Object.assign({ label: s.label, data: s.values, fill: false }, styles[s.style] || {}));
    new window.Chart(canvas, {
      type: spec.type || 'line',
      data: { labels: spec.labels, datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { stacked: spec.type === 'bar' },
          y: { stacked: spec.type === 'bar', beginAtZero: true, title: { display: Boolean(spec.unit), text: spec.unit || '' } },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    });
  }
  document.addEventListener('DOMContentLoaded', () => {
    for (const canvas of document.querySelectorAll('canvas[data-chart]')) draw(canvas);
  });
})();
