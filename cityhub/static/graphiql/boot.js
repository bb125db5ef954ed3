// Boots GraphiQL on /graphql from the project's own copies of React and GraphiQL (the
// page has no inline script). Queries go to this same URL as JSON POSTs, which the API
// takes with the session cookie and no CSRF token (a cross-site form cannot send JSON),
// so GraphiQL needs no token; a partner adds `Authorization` in the headers editor.
(function () {
  var EXAMPLE_QUERY = [
    "# CityHub GraphiQL: type a query, Ctrl-Enter runs it, Ctrl-Space completes.",
    "# The Docs panel is the schema's manual (every field has a description).",
    "{",
    "  stations(first: 3) {",
    "    totalCount",
    "    nodes { name address district { name } }",
    "  }",
    "}",
    "",
  ].join("\n");

  // ?q=...&variables=... in the address bar, as strawberry's page keeps them (not
  // ?query=: a GET with a query is run, not answered with this page).
  var parameters = {};
  new URLSearchParams(window.location.search).forEach(function (value, key) {
    parameters[key] = value;
  });

  function updateURL(changes) {
    Object.assign(parameters, changes);
    var kept = new URLSearchParams();
    Object.keys(parameters).forEach(function (key) {
      if (parameters[key]) kept.set(key, parameters[key]);
    });
    history.replaceState(null, "", "?" + kept.toString());
  }

  var fetchURL = window.location.href.split("?")[0];
  var subscriptionURL = new URL(fetchURL);
  subscriptionURL.protocol = subscriptionURL.protocol === "https:" ? "wss:" : "ws:";
  subscriptionURL.hash = "";

  var fetcher = GraphiQL.createFetcher({
    url: fetchURL,
    subscriptionUrl: subscriptionURL.toString(),
  });
  var explorer = GraphiQLPluginExplorer.explorerPlugin();

  function CityHubGraphiQL() {
    var query = React.useState(parameters.q || EXAMPLE_QUERY);
    var variables = React.useState(parameters.variables);
    var headers = React.useState(parameters.headers);
    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      plugins: [explorer],
      query: query[0],
      variables: variables[0],
      headers: headers[0],
      onEditQuery: function (value) {
        query[1](value);
        updateURL({ q: value });
      },
      onEditVariables: function (value) {
        variables[1](value);
        updateURL({ variables: value });
      },
      onEditHeaders: headers[1],
      inputValueDeprecation: true,
      isHeadersEditorEnabled: true,
      // Not in localStorage: a partner's key would outlive the visit on a shared machine.
      shouldPersistHeaders: false,
    });
  }

  // GraphiQL's CodeMirror editors read and write through hidden textareas without labels,
  // and their scrolling areas take no focus: name each editor for screen readers and let
  // the keyboard reach what scrolls (axe: label, scrollable-region-focusable).
  function editorName(textarea) {
    if (textarea.closest(".graphiql-query-editor")) return "GraphQL query";
    if (textarea.closest(".graphiql-response")) return "Response";
    var tool = textarea.closest(".graphiql-editor-tool > .graphiql-editor");
    if (tool) return tool.previousElementSibling ? "Headers" : "Variables";
    return "Editor";
  }

  function labelEditors(root) {
    root.querySelectorAll(".CodeMirror textarea:not([aria-label])").forEach(function (t) {
      t.setAttribute("aria-label", editorName(t));
    });
    // CodeMirror gives its scroller tabindex -1, which the keyboard cannot reach.
    root.querySelectorAll('.CodeMirror-scroll[tabindex="-1"]').forEach(function (s) {
      s.setAttribute("tabindex", "0");
    });
  }

  var root = document.getElementById("graphiql");
  new MutationObserver(function () {
    labelEditors(root);
  }).observe(root, { childList: true, subtree: true });
  ReactDOM.createRoot(root).render(React.createElement(CityHubGraphiQL));
})();
