// The first thing every entry point (npm start, npm run web, the fieldnote command) imports:
// Fieldnote's SQLite binding needs Node.js 22.14 or newer, and on an older Node it does not
// fail with an error but ends the process without a word the first time a project is
// created or opened. So check before anything else runs, and say what to do.
// Keep this file plain and old-fashioned: it must parse on any Node that can run npm.
export const REQUIRED_NODE = '22.14';

export function nodeVersionProblem(version) {
  const [major, minor] = version.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 14)) return null;
  return [
    'Fieldnote needs Node.js ' + REQUIRED_NODE + ' or newer (this is ' + version + ').',
    'Install Node 22 and run the command again:',
    '  macOS, Linux: nvm install 22 && nvm use 22   (https://github.com/nvm-sh/nvm)',
    '  Windows, macOS: the Node.js 22 LTS installer from https://nodejs.org',
    '  Linux, macOS, no admin rights: npm install --prefix ~/.node22 node@22 && export PATH=~/.node22/node_modules/.bin:$PATH',
    'Then run npm install again in this folder, so the database engine is built for that Node.',
  ].join('\n');
}

// FIELDNOTE_PRETEND_NODE_VERSION lets the tests force the check on a new Node; nothing else reads it.
const problem = nodeVersionProblem(process.env.FIELDNOTE_PRETEND_NODE_VERSION || process.versions.node);
if (problem) {
  console.error(problem);
  process.exit(1);
}
