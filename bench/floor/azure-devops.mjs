// The floor for Azure DevOps: the requests `backlint check` sends, in the same order of dependency, by a
// plain Node script that parses each answer and does nothing else with it. The client library's location
// discovery (OPTIONS), then the types with their states, the fields and the type categories side by side,
// then the WIQL, then each 200 ids to POST workitemsbatch, 16 at a time (only those count against the
// limit, as in backlint). What backlint spends beyond this is start-up, checking, mapping, linting and
// reporting: what it can cut.
// `node azure-devops.mjs <orgUrl> <project> <token> <wiql> <concurrency>`; prints the number of items fetched.
import { ask, limited } from './http.mjs';

const [orgUrl, project, token, query, concurrency] = process.argv.slice(2);
const auth = `Basic ${Buffer.from(`:${token}`).toString('base64')}`;
const send = limited(Number(concurrency));
const projectPath = `${new URL(orgUrl).pathname.replace(/\/+$/, '')}/${encodeURIComponent(project)}/_apis/wit`;
const fields = ['System.Id', 'System.WorkItemType', 'System.Title', 'System.State', 'System.TeamProject', 'System.Tags', 'System.Parent', 'System.AreaPath', 'System.Description', 'Microsoft.VSTS.Common.AcceptanceCriteria', 'Custom.ProductOwner', 'Custom.ProductManager'];

await ask(orgUrl, 'OPTIONS', `${new URL(orgUrl).pathname.replace(/\/+$/, '')}/_apis/wit`, auth);
await Promise.all(['workitemtypes', 'fields', 'workitemtypecategories'].map((what) => ask(orgUrl, 'GET', `${projectPath}/${what}?api-version=7.1`, auth)));
const { workItems } = JSON.parse(await ask(orgUrl, 'POST', `${projectPath}/wiql?api-version=7.1`, auth, { query }));
const batches = [];
for (let at = 0; at < workItems.length; at += 200) {
  const ids = workItems.slice(at, at + 200).map((ref) => ref.id);
  batches.push(send(() => ask(orgUrl, 'POST', `${projectPath}/workitemsbatch?api-version=7.1`, auth, { ids, fields, errorPolicy: 'Omit' })).then((body) => JSON.parse(body).value.length));
}
process.stdout.write(`${(await Promise.all(batches)).reduce((sum, count) => sum + count, 0)}\n`);
