import { describe, expect, it } from 'vitest';
import { type HistoryQuery, historyPage, historyRequest } from './history-query.js';

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
  it('filters by status and model on the server and asks for one row past the page', () => {
    expect(historyRequest(query({ status: 'promoted', modelId: 'm1', page: 2 }))).toEqual({
      tool: 'list_canaries',
      args: { limit: 31, status: 'promoted', modelId: 'm1' },
    });
  });

  it('lists jobs without a model, and looks through the most the server lists for a search', () => {
    expect(historyRequest(query({ kind: 'jobs', modelId: 'm1', search: 'abc' }))).toEqual({
      tool: 'list_jobs',
      args: { limit: 500 },
    });
  });

  it('never asks for more than the server allows', () => {
    expect(historyRequest(query({ page: 100 })).args.limit).toBe(500);
  });
});

describe('historyPage', () => {
  it('shows the page asked for and says whether newer and older pages exist', () => {
    const page = historyPage(query({ page: 1 }), rows(21));
    expect(page.rows.map((row) => row.canaryId)).toEqual(
      rows(21)
        .slice(10, 20)
        .map((row) => row.canaryId),
    );
    expect(page).toMatchObject({ hasNewer: true, hasOlder: true, matched: 21, capped: false });
    expect(historyPage(query({ page: 2 }), rows(21))).toMatchObject({ hasOlder: false });
  });

  it('searches ids and models, any case', () => {
    const page = historyPage(query({ search: 'M2' }), rows(9));
    expect(page.rows.map((row) => row.canaryId)).toEqual(['canary_2', 'canary_5', 'canary_8']);
    expect(historyPage(query({ search: 'canary_7' }), rows(9)).matched).toBe(1);
  });
});
