/* Progressive enhancement for /find and /facilities/{frid}: draw the listed facilities on a Leaflet map.
   The server-rendered list is complete without this; with no JavaScript, no Leaflet or no tiles the
   map simply stays hidden or shows markers on a blank background. */
(function () {
  "use strict";
  var box = document.getElementById("find-map");
  var island = document.getElementById("find-map-data");
  if (!box || !island || typeof window.L === "undefined") return;
  var data = JSON.parse(island.textContent);
  if (!data.points || !data.points.length) return;
  var L = window.L;
  box.hidden = false;
  L.Icon.Default.imagePath = "/static/vendor/leaflet/images/";
  var map = L.map(box, { scrollWheelZoom: false });
  if (box.dataset.tileUrl) {
    L.tileLayer(box.dataset.tileUrl, { attribution: box.dataset.attribution || "", maxZoom: 18 }).addTo(map);
  }
  var bounds = [];
  data.points.forEach(function (p) {
    var marker = L.marker([p.lat, p.lon], { title: p.name, alt: p.name, keyboard: true }).addTo(map);
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.name;
    popup.appendChild(link);
    if (p.miles !== null) popup.appendChild(document.createTextNode(" · " + p.miles + " miles"));
    if (p.demo) popup.appendChild(document.createTextNode(" · Demo data"));
    marker.bindPopup(popup);
    bounds.push([p.lat, p.lon]);
  });
  if (data.origin) {
    L.circleMarker([data.origin.lat, data.origin.lon], { radius: 7, color: "#7a0010" })
      .addTo(map)
      .bindTooltip(data.origin.label);
    bounds.push([data.origin.lat, data.origin.lon]);
  }
  if (bounds.length === 1) map.setView(bounds[0], 13);
  else map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
})();
