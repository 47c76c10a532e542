/* The project map of /carte/ (Leaflet + Leaflet.markercluster).
 *
 * Without this script the page is the filter form and the list of the projects by
 * country. With it, the map appears beside the list; it loads /carte/donnees/ for the
 * current view and filters (aggregates per country or per grid cell at low zoom, points
 * of the visible area at high zoom), and keeps the address, the map and the list in step
 * with the filters so that the address can be shared.
 *
 * Configuration comes from the data-* attributes of #map: no inline script (CSP).
 */
(function () {
  "use strict";

  var element = document.getElementById("map");
  var form = document.getElementById("map-filters");
  if (!element || !form || typeof L === "undefined") {
    return;
  }
  var config = element.dataset;
  var column = document.getElementById("map-column");
  var status = document.getElementById("map-status");
  var listContainer = document.getElementById("map-list");
  var VIEW_FIELDS = ["z", "lat", "lng"];
  // A shared link reopens its own view; otherwise the first data frames the map.
  var viewGiven = new URLSearchParams(window.location.search).has("z");
  var DEBOUNCE_MS = 250;
  var lang = document.documentElement.lang || "fr";
  var regionNames = null;
  try {
    regionNames = new Intl.DisplayNames([lang], { type: "region" });
  } catch (error) {
    regionNames = null;
  }

  function countryName(code) {
    try {
      return (regionNames && regionNames.of(code)) || code;
    } catch (error) {
      return code;
    }
  }

  function projectsLabel(count) {
    return count === 1
      ? config.labelProject
      : config.labelProjects.replace("%(count)s", count.toLocaleString(lang));
  }

  function setStatus(text) {
    if (status.textContent !== text) {
      status.textContent = text;
    }
  }

  column.hidden = false;
  var map = L.map(element, {
    center: [parseFloat(config.lat), parseFloat(config.lng)],
    zoom: parseInt(config.zoom, 10),
    minZoom: 1,
    maxZoom: 18,
    worldCopyJump: true,
    zoomControl: false,
  });
  L.control
    .zoom({ zoomInTitle: config.labelZoomIn, zoomOutTitle: config.labelZoomOut })
    .addTo(map);
  element.leafletMap = map; // for the browser tests
  map.attributionControl.setPrefix(
    '<a href="https://leafletjs.com/" hreflang="en">Leaflet</a>'
  );

  if (config.tileUrl) {
    var tiles = L.tileLayer(config.tileUrl, {
      attribution: config.attribution,
      maxZoom: 19,
    });
    // Without network the tiles fail; the markers and the list do not need them.
    tiles.on("tileerror", function () {});
    tiles.addTo(map);
  }

  var aggregates = L.layerGroup().addTo(map);
  var lines = L.layerGroup().addTo(map);
  var points = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 40,
    iconCreateFunction: function (cluster) {
      return countIcon(cluster.getChildCount(), "map-cluster");
    },
  }).addTo(map);
  // Leaflet opens a marker's popup with Enter; a cluster zooms in with Enter or Space.
  points.on("clusterkeypress", function (event) {
    if (isActivation(event)) {
      event.layer.zoomToBounds({ padding: [20, 20] });
    }
  });

  function isActivation(event) {
    var key = event.originalEvent && event.originalEvent.key;
    return key === "Enter" || key === " ";
  }

  function countIcon(count, kind) {
    var size = count < 10 ? "sm" : count < 100 ? "md" : count < 1000 ? "lg" : "xl";
    var pixels = { sm: 30, md: 36, lg: 44, xl: 52 }[size];
    var label = document.createElement("span");
    label.className = "visually-hidden";
    label.textContent = projectsLabel(count);
    var figure = document.createElement("span");
    figure.setAttribute("aria-hidden", "true");
    figure.textContent = count.toLocaleString(lang);
    var wrapper = document.createElement("div");
    wrapper.appendChild(label);
    wrapper.appendChild(figure);
    return L.divIcon({
      html: wrapper.innerHTML,
      className: "map-count map-count-" + size + " " + kind,
      iconSize: [pixels, pixels],
    });
  }

  function pointIcon(title) {
    var label = document.createElement("span");
    label.className = "visually-hidden";
    label.textContent = title;
    return L.divIcon({ html: label.outerHTML, className: "map-point", iconSize: [18, 18] });
  }

  // The address: filters + map view

  function filterParams() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "" && VIEW_FIELDS.indexOf(name) === -1) {
        params.append(name, value);
      }
    });
    return params;
  }

  function viewParams() {
    var center = map.getCenter().wrap();
    return {
      z: String(map.getZoom()),
      lat: center.lat.toFixed(5),
      lng: center.lng.toFixed(5),
    };
  }

  function updateAddress() {
    var params = filterParams();
    var view = viewParams();
    VIEW_FIELDS.forEach(function (name) {
      params.set(name, view[name]);
      var input = form.elements.namedItem(name);
      if (input) {
        input.value = view[name];
      }
    });
    history.replaceState(null, "", window.location.pathname + "?" + params.toString());
  }

  // Data

  var dataRequest = null;
  var drawnEtag = null;

  var reloadAfterPopup = false;
  map.on("popupclose", function () {
    if (reloadAfterPopup) {
      reloadAfterPopup = false;
      loadData();
    }
  });

  function loadData() {
    // Redrawing would close the popup the visitor is reading (its opening may pan the
    // map): the data follows when it closes.
    if (points.getLayers().some(function (marker) { return marker.isPopupOpen(); })) {
      reloadAfterPopup = true;
      return;
    }
    if (dataRequest) {
      dataRequest.abort();
    }
    dataRequest = new AbortController();
    var params = filterParams();
    var bounds = map.getBounds();
    params.set("z", String(map.getZoom()));
    params.set(
      "bbox",
      [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
        .map(function (value) {
          return value.toFixed(4);
        })
        .join(",")
    );
    element.setAttribute("aria-busy", "true");
    fetch(config.dataUrl + "?" + params.toString(), {
      signal: dataRequest.signal,
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        var etag = response.headers.get("ETag");
        // The same answer as the one drawn (a small move): keep the markers, and the
        // keyboard focus on them.
        if (etag && etag === drawnEtag) {
          return null;
        }
        drawnEtag = etag;
        return response.json();
      })
      .then(function (data) {
        element.removeAttribute("aria-busy");
        if (data) {
          draw(data);
        }
      })
      .catch(function (error) {
        if (error.name === "AbortError") {
          return;
        }
        element.removeAttribute("aria-busy");
        setStatus(config.labelError);
      });
  }

  function zoomOn(lat, lng, zoom) {
    map.setView([lat, lng], Math.min(zoom, map.getMaxZoom()));
  }

  function addAggregate(lat, lng, count, title, nextZoom) {
    var marker = L.marker([lat, lng], {
      icon: countIcon(count, "map-aggregate"),
      title: title,
      keyboard: true,
      riseOnHover: true,
    });
    marker.on("click", function () {
      zoomOn(lat, lng, nextZoom);
    });
    marker.on("keypress", function (event) {
      if (isActivation(event)) {
        zoomOn(lat, lng, nextZoom);
      }
    });
    aggregates.addLayer(marker);
  }

  function draw(data) {
    aggregates.clearLayers();
    lines.clearLayers();
    points.clearLayers();
    setStatus(data.truncated ? config.labelTruncated : "");
    element.dataset.level = data.level;
    if (data.level === "countries") {
      if (!viewGiven && data.countries.length) {
        viewGiven = true;
        var bounds = L.latLngBounds(
          data.countries.map(function (row) {
            return [row.lat, row.lng];
          })
        );
        map.fitBounds(bounds, { maxZoom: 4, padding: [40, 40] });
      }
      data.countries.forEach(function (row) {
        addAggregate(
          row.lat,
          row.lng,
          row.count,
          countryName(row.country) + " – " + projectsLabel(row.count),
          5
        );
      });
    } else if (data.level === "cells") {
      data.cells.forEach(function (row) {
        addAggregate(row.lat, row.lng, row.count, projectsLabel(row.count), data.zoom + 2);
      });
    } else {
      var column = {};
      data.columns.forEach(function (name, index) {
        column[name] = index;
      });
      var markers = data.points.map(function (row) {
        var lat = row[column.lat];
        var lng = row[column.lng];
        var title = row[column.title] + " – " + row[column.territory];
        var marker = L.marker([lat, lng], {
          icon: pointIcon(title),
          title: title,
          keyboard: true,
        });
        marker.projectSlug = row[column.slug];
        marker.bindPopup(config.labelLoading, { maxWidth: 320 });
        marker.on("popupopen", loadPopup);
        if (row[column.department_lat] !== null) {
          lines.addLayer(
            L.polyline(
              [
                [lat, lng],
                [row[column.department_lat], row[column.department_lng]],
              ],
              { className: "map-line", weight: 1.5, interactive: false }
            )
          );
        }
        return marker;
      });
      points.addLayers(markers);
    }
  }

  function loadPopup(event) {
    var marker = event.target;
    var popup = event.popup;
    if (marker.popupLoaded) {
      return;
    }
    fetch(config.popupUrl.replace("__slug__", encodeURIComponent(marker.projectSlug)))
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        marker.popupLoaded = true;
        popup.setContent(html);
        var link = popup.getElement() && popup.getElement().querySelector("a[href]");
        if (link) {
          link.focus();
        }
      })
      .catch(function () {
        popup.setContent(config.labelError);
      });
  }

  // The list beside the map: the same page, for the same filters

  var listRequest = null;

  function loadList() {
    if (listRequest) {
      listRequest.abort();
    }
    listRequest = new AbortController();
    listContainer.setAttribute("aria-busy", "true");
    fetch(window.location.pathname + "?" + filterParams().toString(), {
      signal: listRequest.signal,
    })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("map-list");
        if (fresh) {
          listContainer.replaceChildren.apply(
            listContainer,
            Array.prototype.slice.call(fresh.childNodes).map(function (node) {
              return document.importNode(node, true);
            })
          );
        }
        listContainer.removeAttribute("aria-busy");
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          listContainer.removeAttribute("aria-busy");
        }
      });
  }

  function debounce(callback) {
    var timer = null;
    return function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(callback, DEBOUNCE_MS);
    };
  }

  var onMove = debounce(function () {
    updateAddress();
    loadData();
  });
  var onFilter = debounce(function () {
    map.closePopup();
    updateAddress();
    loadData();
    loadList();
  });

  map.on("moveend", onMove);
  form.addEventListener("change", onFilter);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    onFilter();
  });
  loadData();
})();
