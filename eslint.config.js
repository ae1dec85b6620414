// ESLint for the blocks' browser scripts and their node unit tests (`make lint-js`).
// The scripts are ES5 served as written (no build step); each defines a global the LMS calls or that the
// next script reads, so "no-unused-vars" ignores those top-level names.
"use strict";
const js = require("@eslint/js");
const globals = require("globals");

const SHARED_GLOBALS = {CarbonHttp: "readonly", CarbonDom: "readonly", CarbonExam: "writable", CarbonForms: "writable"};

module.exports = [
  {ignores: ["node_modules/", ".venv/", "var/", "dist/", "htmlcov/", "**/static/generated/"]},
  js.configs.recommended,
  {
    files: ["xblocks/**/*.js", "devsite/static/**/*.js"],
    languageOptions: {
      ecmaVersion: 5,
      sourceType: "script",
      // ES5 syntax, with the ES2015 built-ins every supported browser has (Promise, WeakMap, Map, Set).
      globals: {...globals.es2015, ...globals.browser, ...SHARED_GLOBALS, module: "readonly"},
    },
    rules: {
      "no-unused-vars": ["error", {vars: "local", args: "none", caughtErrors: "none"}],
      "no-implicit-globals": "off",
      "eqeqeq": ["error", "smart"],
      "no-var": "off",
      "strict": ["error", "function"],
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-use-before-define": ["error", {functions: false, variables: true}],
      "consistent-return": "off",
      "curly": ["error", "all"],
    },
  },
  {
    files: ["tests/js/**/*.js", "eslint.config.js"],
    languageOptions: {ecmaVersion: 2022, sourceType: "commonjs", globals: {...globals.node}},
  },
];
