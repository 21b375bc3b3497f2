// The naive way to read a Jira Cloud selection, as a simple script does (SPEC §11): the enhanced search,
// page after page of 100 issues with all fields, one request at a time. Plain Node, no dependencies, so
// that its start-up is a bare node's. `node jira.mjs <baseUrl> <email> <token> <jql>`; prints the number
// of distinct issues read.
const [baseUrl, email, token, jql] = process.argv.slice(2);
const auth = `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
const keys = new Set();
let nextPageToken;
do {
  const response = await fetch(`${baseUrl}/rest/api/3/search/jql`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ jql, maxResults: 100, fields: ['*all'], ...(nextPageToken ? { nextPageToken } : {}) }),
  });
  if (!response.ok) throw new Error(`search answered ${response.status}`);
  const page = await response.json();
  for (const issue of page.issues) keys.add(issue.key);
  nextPageToken = page.isLast ? undefined : page.nextPageToken;
} while (nextPageToken);
process.stdout.write(`${keys.size}\n`);
