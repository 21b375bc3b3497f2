// `backlint doctor` for a live Azure DevOps source: each check says what holds and, if not, what to do.
import type { AzureDevOpsSourceConfig } from '../../config/schema.js';
import { BacklintError } from '../../errors.js';
import { nearestNames } from '../../suggest.js';
import { createAdoClient, resolveLiveFields, visibleTypes } from './fetch.js';
import { StateCategories } from './states.js';
import type { DoctorCheck } from '../adapter.js';
import type { FetchContext } from '../types.js';
import { defaultWiql, splitWiql, windowWiql } from './wiql.js';

const DAY = 24 * 60 * 60 * 1000;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function doctorAzureDevOps(source: AzureDevOpsSourceConfig, context: FetchContext): Promise<DoctorCheck[]> {
  // Doctor asks once and reports: no long retry chains.
  const client = createAdoClient({ ...source, maxTries: Math.min(source.maxTries, 2) }, { signal: context.signal });
  const checks: DoctorCheck[] = [];

  try {
    const { user } = await client.connect();
    checks.push({ name: 'connection', ok: true, detail: `${source.orgUrl} answers` });
    checks.push({ name: 'personal access token', ok: true, detail: user ? `valid, signed in as ${user}` : 'valid' });
  } catch (error) {
    const auth = /refused the personal access token/.test(message(error));
    checks.push(
      auth
        ? { name: 'connection', ok: true, detail: `${source.orgUrl} answers` }
        : { name: 'connection', ok: false, detail: `${message(error).replace(/[^.]$/, '$&.')} Check orgUrl: https://dev.azure.com/{org} or https://host/tfs/{collection}.` },
    );
    if (auth) checks.push({ name: 'personal access token', ok: false, detail: message(error) });
    return checks;
  }

  // A project-scoped work item call proves the scope and the project at once; when it fails, the
  // organization's fields tell a missing scope from a missing project.
  let types: number;
  try {
    types = (await client.getTypeCategories()).reduce((sum, category) => sum + category.workItemTypes.length, 0);
    checks.push({ name: 'scope Work Items (Read)', ok: true, detail: 'work items are readable' });
    checks.push({ name: 'project', ok: true, detail: `${source.project} (${types} work item types)` });
  } catch (error) {
    const scopeOk = await client.getFields('organization').then(
      () => true,
      () => false,
    );
    if (!scopeOk) {
      checks.push({ name: 'scope Work Items (Read)', ok: false, detail: `${message(error)} Give the PAT the scope Work Items (Read).` });
      return checks;
    }
    checks.push({ name: 'scope Work Items (Read)', ok: true, detail: 'work items are readable' });
    checks.push({ name: 'project', ok: false, detail: /404/.test(message(error)) ? `no project '${source.project}' in ${source.orgUrl}` : message(error) });
    return checks;
  }

  let known: Awaited<ReturnType<typeof client.getFields>>;
  try {
    known = await client.getFields();
  } catch (error) {
    checks.push({ name: 'fields', ok: false, detail: message(error) });
    return checks;
  }

  const query = context.wiql ?? source.wiql;
  try {
    // The default WIQL as a run builds it: the process's types, each without its done states.
    const states = new StateCategories(client, undefined);
    const sent = query ?? defaultWiql(await states.doneStatesOf(visibleTypes(await client.getTypeCategories()), source.concurrency));
    const ids = await client.queryIds(windowWiql(splitWiql(source.name, sent), 0), 1);
    const byName = states.judgedByName(source.project);
    checks.push({
      name: 'WIQL',
      ok: true,
      detail:
        query !== undefined
          ? ids.length > 0 ? 'parses and selects items' : 'parses, but selects no items'
          : `the default: the project's items not in a done state of their type; ${ids.length > 0 ? 'selects items' : 'selects no items'}${byName === null ? '' : `. ${byName}`}`,
    });
  } catch (error) {
    checks.push({ name: 'WIQL', ok: false, detail: message(error) });
  }

  try {
    const fields = resolveLiveFields(source, known);
    const identities = known.filter((field) => field.isIdentity).map((field) => field.name);
    for (const key of ['productOwner', 'productManager'] as const) {
      const references = fields[key];
      if (references.length > 0) {
        checks.push({ name: `${key} field`, field: key, ok: true, detail: references.join(', ') });
        continue;
      }
      const label = key === 'productOwner' ? 'Product Owner' : 'Product Manager';
      const suggestions = nearestNames(label, identities);
      checks.push({
        name: `${key} field`,
        field: key,
        ok: false,
        detail: `not mapped and the organization has no '${label}' field: the rules that need it are not applicable to this source (set fields.${key} to an identity field)`,
        ...(suggestions.length > 0 ? { suggestions } : {}),
      });
    }
    const criteria = fields.acceptanceCriteria.filter((reference) => known.some((field) => field.referenceName.toLowerCase() === reference.toLowerCase()));
    checks.push({
      name: 'acceptanceCriteria field',
      ok: criteria.length > 0,
      detail: criteria.length > 0 ? criteria.join(', ') : `the organization has no field ${fields.acceptanceCriteria.join(', ')}: acceptance criteria are looked for in descriptions only`,
    });
  } catch (error) {
    const suggestions = error instanceof BacklintError ? /nearest [^:]*: (.*)\.$/.exec(error.message)?.[1]?.split(', ').map((s) => s.replace(/^'|'$/g, '')) : undefined;
    checks.push({ name: 'fields', ok: false, detail: message(error), ...(suggestions ? { suggestions } : {}) });
  }
  if (context.sprints) checks.push(await iterationsCheck(source, client));
  return checks;
}

/** With sprint conditions in the config (SPEC §5): the source's team, whose iterations and dates say which sprint is current and next. */
async function iterationsCheck(source: AzureDevOpsSourceConfig, client: ReturnType<typeof createAdoClient>): Promise<DoctorCheck> {
  const name = 'team iterations';
  if (source.team === undefined) {
    return { name, ok: false, detail: "sprint conditions (sprint: next, current, …) need the team whose iterations to read: set team: in the source's config." };
  }
  try {
    const iterations = await client.getTeamIterations(source.team);
    const now = Date.now();
    const dated = iterations.flatMap((iteration) => {
      const start = Date.parse(iteration.start ?? '');
      const end = Date.parse(iteration.end ?? '');
      return Number.isNaN(start) || Number.isNaN(end) ? [] : [{ path: iteration.path, start, end }];
    });
    // A rough account for a person; the run decides current and next with the scope's own rules.
    const current = dated.find((iteration) => iteration.start <= now && now < iteration.end + DAY);
    const next = dated.filter((iteration) => iteration.start > now).sort((a, b) => a.start - b.start)[0];
    if (dated.length === 0) {
      return { name, ok: false, detail: `team ${source.team} has ${iterations.length} iteration${iterations.length === 1 ? '' : 's'} and none with dates: "current" and "next" come from the dates, so set them in the team's iteration settings.` };
    }
    return { name, ok: true, detail: `team ${source.team}: ${iterations.length} iteration${iterations.length === 1 ? '' : 's'}; current ${current?.path ?? 'none'}, next ${next?.path ?? 'none'}` };
  } catch (error) {
    return { name, ok: false, detail: message(error) };
  }
}
