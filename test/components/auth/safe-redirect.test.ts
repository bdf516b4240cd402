import assert from 'node:assert/strict';
import { safeNextPath } from '../../../src/components/auth/safe-redirect';

describe('auth: safeNextPath', () => {
  it('when given a local path, then it is kept with its query and fragment', () => {
    assert.equal(safeNextPath('/events/1?x=2#top'), '/events/1?x=2#top');
    assert.equal(safeNextPath('/admin/users'), '/admin/users');
  });

  for (const hostile of [
    'https://evil.example',
    'http:evil.example',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\/evil.example',
    '/%0d%0a',
    '/\r\nLocation: https://evil.example',
    '/\t/evil.example',
    'javascript:alert(1)',
    'data:text/html,hi',
    'evil',
    '/sign-in?next=//evil.example',
    undefined,
    42,
    ['/a'],
  ]) {
    it(`when given ${JSON.stringify(hostile)}, then it falls back to / or stays on this site`, () => {
      const result = safeNextPath(hostile);
      assert.ok(
        result.startsWith('/') && !result.startsWith('//') && !result.includes('\\'),
        result,
      );
      assert.equal(new URL(result, 'https://forumkit.test').origin, 'https://forumkit.test');
    });
  }
});
