// The naive way to read an Azure DevOps selection, as a simple script does (SPEC §11): one WIQL, then
// work items 200 ids at a time with all fields, one request at a time. Plain Node, no dependencies.
// `node azure-devops.mjs <orgUrl> <project> <token> <wiql>`; prints the number of distinct items read.
const [orgUrl, project, token, query] = process.argv.slice(2);
const headers = { authorization: `Basic ${Buffer.from(`:${token}`).toString('base64')}`, 'content-type': 'application/json', accept: 'application/json' };
const ask = async (url, init = {}) => {
  const response = await fetch(url, { headers, ...init });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
};
const result = await ask(`${orgUrl}/${encodeURIComponent(project)}/_apis/wit/wiql?api-version=7.1`, { method: 'POST', body: JSON.stringify({ query }) });
const ids = result.workItems.map((ref) => ref.id);
const seen = new Set();
for (let at = 0; at < ids.length; at += 200) {
  const page = await ask(`${orgUrl}/_apis/wit/workitems?ids=${ids.slice(at, at + 200).join(',')}&api-version=7.1`);
  for (const item of page.value) seen.add(item.id);
}
process.stdout.write(`${seen.size}\n`);
