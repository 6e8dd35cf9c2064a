/* Progressive enhancement for /find and /facilities/{frid}: draw the listed facilities on a Leaflet map.
   The server-rendered list is complete without this; with no JavaScript or no Leaflet the map stays hidden.
   By default the background is the vendored U.S. state outlines, so no other server hears where a person
   searched; only an operator's RECOVERYNAV_MAP_TILE_URL brings tiles (and the privacy note shown with them). */
(function () {
  "use strict";
  var box = document.getElementById("find-map");
  var island = document.getElementById("find-map-data");
  if (!box || !island || typeof window.L === "undefined") return;
  var data = JSON.parse(island.textContent);
  if (!data.points || !data.points.length) return;
  var L = window.L;
  box.hidden = false;
  var note = document.getElementById("find-map-note");
  if (note) note.hidden = false;
  L.Icon.Default.imagePath = "/static/vendor/leaflet/images/";
  var map = L.map(box, { scrollWheelZoom: false });
  if (box.dataset.tileUrl) {
    L.tileLayer(box.dataset.tileUrl, { attribution: box.dataset.attribution || "", maxZoom: 18 }).addTo(map);
  } else if (box.dataset.outlines) {
    drawOutlines(map, box.dataset.outlines);
  }
  // Facilities at one address share one marker (its popup lists them all), so no marker hides another.
  // Markers are not keyboard stops: the list above the map holds the same links as full-size targets.
  var groups = {};
  var order = [];
  data.points.forEach(function (p) {
    var key = p.lat.toFixed(5) + "," + p.lon.toFixed(5);
    if (!groups[key]) { groups[key] = []; order.push(key); }
    groups[key].push(p);
  });
  var bounds = [];
  order.forEach(function (key) {
    var here = groups[key];
    var title = here.length === 1 ? here[0].name : here[0].name + " and " + (here.length - 1) + " more";
    var marker = L.marker([here[0].lat, here[0].lon], { title: title, alt: title, keyboard: false }).addTo(map);
    var popup = document.createElement("ul");
    popup.className = "map-popup";
    here.forEach(function (p) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.name;
      item.appendChild(link);
      if (p.miles !== null) item.appendChild(document.createTextNode(" · " + p.miles + " miles"));
      if (p.demo) item.appendChild(document.createTextNode(" · Demo data"));
      popup.appendChild(item);
    });
    marker.bindPopup(popup);
    bounds.push([here[0].lat, here[0].lon]);
  });
  if (data.origin) {
    // Leaflet puts a string tooltip in as HTML; the label echoes what was typed, so it goes in as text.
    var label = document.createElement("span");
    label.textContent = data.origin.label;
    L.circleMarker([data.origin.lat, data.origin.lon], { radius: 7, color: "#7a0010" })
      .addTo(map)
      .bindTooltip(label);
    bounds.push([data.origin.lat, data.origin.lon]);
  }
  // Fit the results so every marker can be told apart; over outlines alone a street-level view is an empty
  // square, so stop short of it (a lone facility shows its region), and a scale bar gives the distances.
  var closest = box.dataset.tileUrl ? 14 : 12;
  if (bounds.length === 1) map.setView(bounds[0], box.dataset.tileUrl ? 13 : 7);
  else map.fitBounds(bounds, { padding: [24, 24], maxZoom: closest });
  if (!box.dataset.tileUrl) L.control.scale({ metric: false }).addTo(map);

  // State outlines (us-atlas TopoJSON, read by topojson-client) in their own pane under the markers.
  function drawOutlines(map, url) {
    var topojson = window.topojson;
    if (!topojson || !window.fetch) return;
    box.classList.add("map-outlines");
    map.createPane("outlines").style.zIndex = "250";
    window.fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    }).then(function (topology) {
      L.geoJSON(topojson.feature(topology, topology.objects.states), {
        pane: "outlines",
        interactive: false,
        style: { color: "#5f6b73", weight: 1, fillColor: "#f7f4ec", fillOpacity: 1 }
      }).addTo(map);
      map.attributionControl.addAttribution("State outlines: U.S. Census Bureau");
    }).catch(function () { /* markers on a plain background still match the list */ });
  }
})();
