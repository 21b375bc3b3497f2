// `type: jira-export` (SPEC §3.3): saved Jira search or bulk fetch responses, or arrays of issues, v2 or v3.
import { z } from 'zod';
import type { JiraExportSourceConfig } from '../config/schema.js';
import type { WorkItem } from '../model.js';
import { expandExportPaths, parsePayload, readJsonFile, shown, whereIn } from './files.js';
import { createJiraCatalog, resolveJiraFields } from './jira/fields.js';
import { mapJiraIssue } from './jira/map.js';
import { jiraFieldSchema, jiraIssueSchema, type JiraIssue } from './jira/payload.js';
import { createKindResolver } from './kinds.js';
import { resolveParentKinds } from './parents.js';
import { sourceInfoOf, type SourceResult } from './types.js';

const EXPECTED = 'a Jira search response ({ "issues": [...] }), a bulk fetch response, or a JSON array of issues';

const envelopeSchema = z.union([
  z.array(z.unknown()),
  z.looseObject({ issues: z.array(z.unknown()), names: z.record(z.string(), z.string()).optional() }),
]);

export async function fetchJiraExport(source: JiraExportSourceConfig): Promise<SourceResult> {
  const files = await expandExportPaths(source.name, source.path);
  const loaded: { file: string; issues: unknown[]; base: (string | number)[] }[] = [];
  const names: Record<string, string> = {};
  for (const file of files) {
    const envelope = parsePayload(envelopeSchema, await readJsonFile(source.name, file), { source: source.name, file, expected: EXPECTED });
    if (Array.isArray(envelope)) {
      loaded.push({ file, issues: envelope, base: [] });
    } else {
      Object.assign(names, envelope.names ?? {});
      loaded.push({ file, issues: envelope.issues, base: ['issues'] });
    }
  }
  const fieldsFile = source.fieldsFile;
  const fieldList = fieldsFile
    ? parsePayload(z.array(jiraFieldSchema), await readJsonFile(source.name, fieldsFile), {
        source: source.name,
        file: fieldsFile,
        expected: 'a Jira /rest/api/3/field response (an array of fields)',
      })
    : [];
  const fields = resolveJiraFields(source.name, source.fields, createJiraCatalog(names, fieldList));
  const kindOf = createKindResolver('jira', source.types);

  const items: WorkItem[] = [];
  for (const { file, issues, base } of loaded) {
    issues.forEach((raw, index) => {
      const path = [...base, index];
      const issue: JiraIssue = parsePayload(jiraIssueSchema, raw, { source: source.name, file, path, expected: 'a valid Jira issue' });
      items.push(
        mapJiraIssue(issue, {
          source: source.name,
          baseUrl: source.baseUrl ?? null,
          fields,
          kindOf,
          where: whereIn(`Source ${source.name}: ${shown(file)}`, path),
        }),
      );
    });
  }
  const unique = dropDuplicateKeys(items);
  return { info: sourceInfoOf(source, fields), items: resolveParentKinds(unique), fetched: unique.length };
}

/** The same issue saved in two files (overlapping pages) is one item. */
function dropDuplicateKeys(items: WorkItem[]): WorkItem[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.key) ? false : (seen.add(item.key), true)));
}
