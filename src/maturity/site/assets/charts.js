/* Charts: each figure.mt-chart holds its Vega-Lite spec as JSON
   (script.mt-chart-spec); vega-embed (vega.js, served by the site) draws it as SVG
   into the figure's div.mt-chart-view. Without JavaScript the figure shows its
   caption only: the numbers are in the table below it. */
(function () {
  function draw() {
    if (typeof vegaEmbed === "undefined") return;
    document.querySelectorAll("figure.mt-chart").forEach(function (figure) {
      var view = figure.querySelector(".mt-chart-view");
      var source = figure.querySelector("script.mt-chart-spec");
      if (!view || !source || view.getAttribute("data-drawn")) return;
      view.setAttribute("data-drawn", "true");
      var spec;
      try { spec = JSON.parse(source.textContent); } catch (e) { return; }
      vegaEmbed(view, spec, { actions: false, renderer: "svg" }).catch(function (error) {
        view.removeAttribute("data-drawn");
        if (window.console) console.error("maturity chart:", error);
      });
    });
  }
  if (typeof document$ !== "undefined") { document$.subscribe(draw); }
  else if (document.readyState !== "loading") { draw(); }
  else { document.addEventListener("DOMContentLoaded", draw); }
})();
