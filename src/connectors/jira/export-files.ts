// `backlint export` for a live Jira source (SPEC §10): the live fetch, with every answer it accepted saved
// as Jira gave it, read back by `type: jira-export` (SPEC §3.3). Folder `<source>/`:
//   fields.json          GET /rest/api/{2,3}/field, so that configured field names resolve as on the site
//   issues/page-*.json   Cloud: each POST /rest/api/3/issue/bulkfetch answer; Data Center: each GET
//                        /rest/api/2/search page, named by its startAt
//   boards/<id>/page-*.json  each board's GET /rest/agile/1.0/board/{id}/sprint?state=future pages, so that
//                        --scope next-sprint finds a next sprint no item is in yet, offline as live
import type { JiraSourceConfig } from '../../config/schema.js';
import { withoutCredentials } from '../../redact.js';
import type { ExportedSource, ExportFolder } from '../adapter.js';
import { keptSettings, pageFile } from '../export-files.js';
import type { FetchContext, FetchedPayload } from '../types.js';
import { fetchJiraSource } from './fetch.js';

export async function exportJiraFiles(source: JiraSourceConfig, context: FetchContext, folder: ExportFolder): Promise<ExportedSource> {
  const base = source.name;
  let pages = 0;
  const boardPages = new Map<string, number>();
  const notices: string[] = [];
  const save = (payload: FetchedPayload) => {
    if (payload.kind === 'fields') folder.save(`${base}/fields.json`, payload.body);
    if (payload.kind === 'issues') {
      pages += 1;
      // Data Center pages run side by side: named by startAt, they read back in the site's order.
      folder.save(pageFile(`${base}/issues`, payload.of === undefined ? pages : Number(payload.of)), payload.body);
    }
    if (payload.kind === 'board-sprints' && payload.of !== undefined) {
      // The board id comes from the items' Sprint field: only a number becomes a folder name.
      if (!/^\d+$/.test(payload.of)) {
        notices.push(`Source ${source.name}: board '${payload.of}' is not a board id; its future sprints are not exported.`);
        return;
      }
      const page = (boardPages.get(payload.of) ?? 0) + 1;
      boardPages.set(payload.of, page);
      folder.save(pageFile(`${base}/boards/${payload.of}`, page), payload.body);
    }
  };
  // Sprints always: the export must answer --scope next-sprint without the site.
  const result = await fetchJiraSource(source, { ...context, sprints: true, onPayload: save });
  // An empty selection answers no page on Cloud: one empty page keeps the folder readable.
  if (pages === 0) folder.save(pageFile(`${base}/issues`, 1), { issues: [] });
  const boards = Object.fromEntries([...boardPages.keys()].map((board) => [board, `${base}/boards/${board}`]));
  return {
    source: {
      name: source.name,
      type: 'jira-export',
      ...keptSettings(source),
      path: `${base}/issues`,
      fieldsFile: `${base}/fields.json`,
      baseUrl: withoutCredentials(source.baseUrl),
      ...(boardPages.size > 0 ? { boardSprints: boards } : {}),
    },
    items: result.fetched,
    notices: [...(result.notices ?? []), ...notices],
  };
}
