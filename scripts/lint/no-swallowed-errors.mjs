// ESLint rule for tests: an error a test swallows is a failure it cannot
// report. Flags `.catch(() => {})` (and `() => undefined`, `() => void 0`,
// `function () {}`), the same no-op as the rejection handler of `.then()`, and
// `catch` blocks with no statement (comments do not count). Real cleanup may
// ignore errors when it says so: a comment `cleanup: ignore <why>` on the same
// line, on the line before, or inside the empty catch block.
const MARKER = /\bcleanup: ignore\b/;

function isNoop(fn) {
  if (fn?.type !== 'ArrowFunctionExpression' && fn?.type !== 'FunctionExpression') return false;
  const body = fn.body;
  if (body.type === 'BlockStatement') return body.body.length === 0;
  if (body.type === 'Identifier') return body.name === 'undefined';
  return body.type === 'UnaryExpression' && body.operator === 'void' && body.argument.type === 'Literal';
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'forbid swallowing errors in tests, except cleanup marked `// cleanup: ignore`' },
    schema: [],
    messages: {
      swallowed:
        'This swallows an error the test should report. Let it fail, assert on it, or, for real cleanup only, mark it `// cleanup: ignore <why>`.',
    },
  },
  create(context) {
    const source = context.sourceCode;
    const marked = (node, inside = null) => {
      const line = node.loc.start.line;
      const comments = [...source.getAllComments()];
      return comments.some((c) => {
        if (!MARKER.test(c.value)) return false;
        if (inside && c.range[0] >= inside.range[0] && c.range[1] <= inside.range[1]) return true;
        return c.loc.end.line === line || c.loc.end.line === line - 1 || (c.loc.start.line >= line && c.loc.end.line <= node.loc.end.line);
      });
    };
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') return;
        const handler =
          callee.property.name === 'catch' ? node.arguments[0] : callee.property.name === 'then' ? node.arguments[1] : null;
        if (isNoop(handler) && !marked(handler)) context.report({ node: handler, messageId: 'swallowed' });
      },
      CatchClause(node) {
        if (node.body.body.length === 0 && !marked(node, node.body)) context.report({ node, messageId: 'swallowed' });
      },
    };
  },
};
