// The core formats on the demo dataset, as checked-in expected files (the others have theirs in their own tests).
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/reporters/json.js';
import { renderStylish } from '../../src/reporters/stylish.js';
import { demoReport } from '../helpers/demo.js';

describe('demo golden files', () => {
  it.each(['item', 'owner', 'rule', 'team'] as const)('stylish grouped by %s', async (groupBy) => {
    await expect(renderStylish(await demoReport(), { color: false, groupBy })).toMatchFileSnapshot(`./golden/demo-${groupBy}.stylish.txt`);
  });

  it('json', async () => {
    await expect(renderJson(await demoReport(), { color: false })).toMatchFileSnapshot('./golden/demo.json');
  });
});
