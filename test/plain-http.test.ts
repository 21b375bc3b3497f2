// A token sent over plain http:// gets a warning on every run (issue 12, Messages).
import { describe, expect, it } from 'vitest';
import { azureDevOpsSourceSchema, jiraSourceSchema } from '../src/config/schema.js';
import { plainHttpWarnings } from '../src/runner.js';

const jira = (baseUrl: string) => jiraSourceSchema.parse({ name: 'pay', type: 'jira', baseUrl, auth: { bearer: 'x'.repeat(20) }, deployment: 'datacenter', projects: ['PAY'] });
const ado = (orgUrl: string) => azureDevOpsSourceSchema.parse({ name: 'boards', type: 'azure-devops', orgUrl, project: 'Fabrikam', auth: { token: 'y'.repeat(20) } });

describe('plain http:// sites', () => {
  it('warn, naming the source and the host', () => {
    expect(plainHttpWarnings([jira('http://jira.acme.example:8080/jira'), ado('http://tfs.contoso.local:8080/tfs/DefaultCollection')])).toEqual([
      'warning: source pay sends its token over plain http:// to jira.acme.example:8080, where anyone on the network path can read it. Use https://.',
      'warning: source boards sends its token over plain http:// to tfs.contoso.local:8080, where anyone on the network path can read it. Use https://.',
    ]);
  });

  it('stay quiet for https:// and for loopback addresses', () => {
    expect(plainHttpWarnings([jira('https://jira.acme.example'), jira('http://127.0.0.1:9999'), jira('http://localhost:8080'), ado('http://[::1]:8080/tfs/c')])).toEqual([]);
  });
});
