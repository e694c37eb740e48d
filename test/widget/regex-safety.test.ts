import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSync } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/paths.ts';

/**
 * The widget's parsers of text from elsewhere (library documents, the event stream) must
 * not backtrack without bound on hostile input: every regex literal in them is put through
 * the ReDoS checker, which tries attack strings against each.
 */

function regexLiterals(file: string): Array<{ source: string; flags: string }> {
  const text = readFileSync(join(projectRoot, file), 'utf8');
  const found: Array<{ source: string; flags: string }> = [];
  const visit = (node: ts.Node) => {
    if (ts.isRegularExpressionLiteral(node)) {
      const literal = node.text;
      const slash = literal.lastIndexOf('/');
      found.push({ source: literal.slice(1, slash), flags: literal.slice(slash + 1) });
    }
    // A pattern built at run time could not be checked here.
    if (ts.isNewExpression(node) || ts.isCallExpression(node)) expect(node.expression.getText()).not.toBe('RegExp');
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true));
  return found;
}

describe.each(['widget/markdown.ts', 'widget/sse.ts'])('%s', (file) => {
  it('has only regexes that run in linear time', () => {
    const literals = regexLiterals(file);
    expect(literals.length).toBeGreaterThan(0);
    const verdicts = literals.map(({ source, flags }) => `/${source}/${flags} ${checkSync(source, flags).status}`);
    expect(verdicts).toEqual(literals.map(({ source, flags }) => `/${source}/${flags} safe`));
  });
});

it('the checker finds the quadratic patterns the Markdown parser used to have', () => {
  // Were it to pass everything, the test above would prove nothing.
  expect(checkSync('^\\|?(?:\\s*:?-+:?\\s*\\|)+\\s*:?-*:?\\s*\\|?$', '').status).toBe('vulnerable');
  expect(checkSync('\\[([^\\]]+)\\]\\(([^)\\s]+)\\)', 'g').status).toBe('vulnerable');
});
