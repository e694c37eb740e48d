import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { projectRoot } from '../../server/paths.ts';

export interface SourceRegex {
  /** `file:line`, for the failure message. */
  where: string;
  source: string;
  flags: string;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * Every regular expression literal in the server's and the widget's source, read with the
 * TypeScript parser (a regex over the source would miss or invent some), and the files that
 * build one at run time with `new RegExp`, whose patterns the test must get from the module.
 */
export function regexesInSource(folders = ['server', 'widget']): { literals: SourceRegex[]; constructedIn: string[] } {
  const literals: SourceRegex[] = [];
  const constructedIn = new Set<string>();
  for (const file of folders.flatMap((folder) => sourceFiles(join(projectRoot, folder)))) {
    const name = relative(projectRoot, file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(source);
        const end = text.lastIndexOf('/');
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        literals.push({ where: `${name}:${line}`, source: text.slice(1, end), flags: text.slice(end + 1) });
      }
      if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        constructedIn.add(name);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { literals, constructedIn: [...constructedIn].sort() };
}
