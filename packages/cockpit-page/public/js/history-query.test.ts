import { describe, expect, it } from 'vitest';
import { type HistoryQuery, historyRequest, matching, searchPage } from './history-query.js';

const query = (over: Partial<HistoryQuery> = {}): HistoryQuery => ({
  kind: 'canaries',
  modelId: '',
  status: '',
  search: '',
  page: 0,
  size: 10,
  ...over,
});
const rows = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ canaryId: `canary_${index}`, modelId: `m${index % 3}` }));

describe('historyRequest', () => {
  it('filters by status and model on the server, one page at a time after the cursor', () => {
    expect(historyRequest(query({ status: 'promoted', modelId: 'm1', page: 2 }), 'canary_x')).toEqual({
      tool: 'list_canaries',
      args: { limit: 10, status: 'promoted', modelId: 'm1', before: 'canary_x' },
    });
    expect(historyRequest(query())).toEqual({ tool: 'list_canaries', args: { limit: 10 } });
  });

  it('lists jobs without a model, and reads the largest pages for a search', () => {
    expect(historyRequest(query({ kind: 'jobs', modelId: 'm1', search: 'abc' }))).toEqual({
      tool: 'list_jobs',
      args: { limit: 500 },
    });
  });
});

describe('a search', () => {
  it('matches ids and models, any case', () => {
    expect(matching('M2', rows(9)).map((row) => row.canaryId)).toEqual(['canary_2', 'canary_5', 'canary_8']);
    expect(matching('canary_7', rows(9))).toHaveLength(1);
    expect(matching('  ', rows(3))).toHaveLength(3);
  });

  it('shows the page asked for, and an older page while more matches or more rows exist', () => {
    const page = searchPage(query({ page: 1, search: 'x' }), rows(21), false);
    expect(page.rows.map((row) => row.canaryId)).toEqual(
      rows(21)
        .slice(10, 20)
        .map((row) => row.canaryId),
    );
    expect(page).toMatchObject({ hasNewer: true, hasOlder: true, matched: 21 });
    expect(searchPage(query({ page: 2, search: 'x' }), rows(21), false)).toMatchObject({ hasOlder: false });
    expect(searchPage(query({ page: 2, search: 'x' }), rows(21), true)).toMatchObject({ hasOlder: true });
  });
});
