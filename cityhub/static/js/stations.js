// The station finder's "near me": progressive enhancement, without JavaScript the typed
// place still works. The button carries its messages (data-locating, data-failed).
(function () {
  var button = document.getElementById("near-me");
  if (!button || !("geolocation" in navigator)) return;
  var form = button.form, status = document.getElementById("near-me-status");
  button.hidden = false;
  form.elements.place.addEventListener("input", function () {
    form.elements.lat.value = "";
    form.elements.lng.value = "";
  });
  button.addEventListener("click", function () {
    status.textContent = button.dataset.locating;
    navigator.geolocation.getCurrentPosition(function (position) {
      form.elements.lat.value = position.coords.latitude.toFixed(6);
      form.elements.lng.value = position.coords.longitude.toFixed(6);
      form.elements.place.value = "";
      status.textContent = "";
      form.requestSubmit();
    }, function () {
      status.textContent = button.dataset.failed;
    }, { timeout: 10000, maximumAge: 60000 });
  });
})();
