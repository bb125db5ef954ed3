// The broadcast form's character count, kept up to date as the message is typed.
(function () {
  var text = document.getElementById("text"), count = document.getElementById("text-count");
  if (!text || !count) return;
  text.addEventListener("input", function () {
    count.textContent = text.value.length;
  });
})();
