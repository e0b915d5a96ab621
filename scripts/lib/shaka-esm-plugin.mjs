// Shaka Player's compiled file is UMD. Imported as-is it either sets
// `window.shaka` or, inside a bundle that has an `exports` binding (rollup's
// IIFE output), copies itself onto the bundle's exports. This plugin turns it
// into a plain ES module with a default export and no globals, in every build
// and in the test runner, so there is one way to get Shaka: `import()` it.
const FILE = /shaka-player[\\/]dist[\\/]shaka-player\.compiled[^\\/]*\.js$/;
const HEAD = '(function(){var innerGlobal=';
const TAIL = /if\(typeof exports!="undefined"\)for\(var k in exportTo\.shaka\)exports\[k\]=exportTo\.shaka\[k\];else if\(typeof define=="function"&&define\.amd\)define\(function\(\)\{return exportTo\.shaka\}\);else innerGlobal\.shaka=exportTo\.shaka\}\)\(\);/;

export function shakaEsm() {
  return {
    name: 'shaka-esm',
    transform(code, id) {
      if (!FILE.test(id)) return null;
      const head = code.indexOf(HEAD);
      if (head < 0 || !TAIL.test(code)) {
        throw new Error(`shaka-esm: ${id} does not have the expected UMD wrapper (did shaka-player change?)`);
      }
      const body = code.slice(0, head) + 'const shaka = ' + code.slice(head).replace(TAIL, 'return exportTo.shaka})();');
      return { code: body.replace(/\/\/# sourceMappingURL=\S+\s*$/, '') + '\nexport default shaka;\n', map: null };
    },
  };
}
