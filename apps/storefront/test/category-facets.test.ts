import { describe, expect, it } from 'vitest';
import { categoryFacetOptions } from '../src/category-facets';

const tree = [
  { slug: 'home', name: 'Home', parent: null },
  { slug: 'lighting', name: 'Lighting', parent: 'home' },
  { slug: 'desk-lamps', name: 'Desk lamps', parent: 'lighting' },
  { slug: 'kitchen', name: 'Kitchen', parent: 'home' },
  { slug: 'garden', name: 'Garden', parent: null },
];

const counted = [
  { name: 'desk-lamps', count: 4 },
  { name: 'garden', count: 3 },
  { name: 'kitchen', count: 2 },
];

describe('categoryFacetOptions', () => {
  it('when nothing is chosen, then each counted category reads by its name, most matches first', () => {
    expect(categoryFacetOptions(counted, tree, '')).toEqual([
      { slug: 'desk-lamps', label: 'Desk lamps', count: 4, chosen: false },
      { slug: 'garden', label: 'Garden', count: 3, chosen: false },
      { slug: 'kitchen', label: 'Kitchen', count: 2, chosen: false },
    ]);
  });

  it('when a counted category is chosen, then that entry is chosen and nothing is added', () => {
    const options = categoryFacetOptions(counted, tree, 'garden');
    expect(options.map((option) => [option.slug, option.chosen])).toEqual([
      ['desk-lamps', false],
      ['garden', true],
      ['kitchen', false],
    ]);
  });

  it('when a parent has matches of its own, then its option counts its whole subtree, as choosing it lists', () => {
    const withOwn = [...counted, { name: 'home', count: 1 }];
    expect(categoryFacetOptions(withOwn, tree, '')).toEqual([
      { slug: 'home', label: 'Home', count: 7, chosen: false },
      { slug: 'desk-lamps', label: 'Desk lamps', count: 4, chosen: false },
      { slug: 'garden', label: 'Garden', count: 3, chosen: false },
      { slug: 'kitchen', label: 'Kitchen', count: 2, chosen: false },
    ]);
  });

  it('when a parent without matches of its own is chosen, then it comes first, chosen, with the matches of its whole subtree', () => {
    const options = categoryFacetOptions(counted, tree, 'home');
    expect(options[0]).toEqual({ slug: 'home', label: 'Home', count: 6, chosen: true });
    expect(options.slice(1).map((option) => option.slug)).toEqual([
      'desk-lamps',
      'garden',
      'kitchen',
    ]);
    expect(categoryFacetOptions(counted, tree, 'lighting')[0]?.count).toBe(4);
  });

  it('when the chosen category has no match, then it still shows, chosen, at zero', () => {
    expect(categoryFacetOptions([{ name: 'garden', count: 1 }], tree, 'kitchen')[0]).toEqual({
      slug: 'kitchen',
      label: 'Kitchen',
      count: 0,
      chosen: true,
    });
  });

  it('when a category is not in the tree (not loaded yet), then it reads by its slug', () => {
    expect(categoryFacetOptions(counted, [], 'new-in')).toEqual([
      { slug: 'new-in', label: 'new-in', count: 0, chosen: true },
      { slug: 'desk-lamps', label: 'desk-lamps', count: 4, chosen: false },
      { slug: 'garden', label: 'garden', count: 3, chosen: false },
      { slug: 'kitchen', label: 'kitchen', count: 2, chosen: false },
    ]);
  });
});
