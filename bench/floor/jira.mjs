// The floor for Jira Cloud: the requests `backlint check` sends, in the same order of dependency, by a
// plain Node script that parses each answer and does nothing else with it. /field beside the first page
// of ids; each 100 ids to POST /issue/bulkfetch, 16 at a time, while the next page of ids is read
// (outside that limit, as backlint reads it). What backlint spends beyond this is start-up, checking,
// mapping, linting and reporting: what it can cut.
// `node jira.mjs <baseUrl> <email> <token> <jql> <concurrency>`; prints the number of issues fetched.
import { ask, limited } from './http.mjs';

const [baseUrl, email, token, jql, concurrency] = process.argv.slice(2);
const auth = `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
const send = limited(Number(concurrency));
const fields = ['summary', 'issuetype', 'status', 'description', 'labels', 'parent', 'project', 'components', 'assignee', 'reporter', 'created', 'updated'];
const bulkFetch = (ids) => send(() => ask(baseUrl, 'POST', '/rest/api/3/issue/bulkfetch', auth, { issueIdsOrKeys: ids, fields })).then((body) => JSON.parse(body).issues.length);

const field = ask(baseUrl, 'GET', '/rest/api/3/field', auth);
const batches = [];
let pending = [];
let nextPageToken;
let first = true;
do {
  const query = new URLSearchParams({ jql, maxResults: String(first ? Number(concurrency) * 100 : 5000), fields: 'id' });
  if (nextPageToken) query.set('nextPageToken', nextPageToken);
  const page = JSON.parse(await ask(baseUrl, 'GET', `/rest/api/3/search/jql?${query}`, auth));
  first = false;
  for (const { id } of page.issues) {
    pending.push(id);
    if (pending.length === 100) batches.push(bulkFetch(pending.splice(0)));
  }
  nextPageToken = page.nextPageToken;
} while (nextPageToken);
if (pending.length > 0) batches.push(bulkFetch(pending));
await field;
process.stdout.write(`${(await Promise.all(batches)).reduce((sum, count) => sum + count, 0)}\n`);
