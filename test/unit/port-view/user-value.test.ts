import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUserValue } from '../../../core/port-view/preview';
import { userValueWarning } from '../../../extension/ports/user-value';

describe('the Write to Port input', () => {
  it('warns when what was typed looks like JSON but does not parse, saying it would be written as text', () => {
    for (const typed of ['{bad', '{"type": hack}', '[1, 2', '"unterminated']) {
      assert.match(userValueWarning(typed) ?? '', /^Not valid JSON \(.+\)\. Fix it, or press Enter to write it to the port as plain text\.$/, typed);
      assert.equal(parseUserValue(typed), typed, 'Enter still writes the text as typed: nothing is lost');
    }
    // JSON.parse's own words (they vary with the Node version) say where it broke.
    assert.match(userValueWarning('{bad') ?? '', /^Not valid JSON \(.*position 1.*\)\. Fix it, or press Enter to write it to the port as plain text\.$/);
  });

  it('says nothing for valid JSON or for plain text', () => {
    for (const typed of ['{"type":"hack"}', '[1,2]', '"text"', '42', 'hack n00dles', '', '  {"a":1}  ']) assert.equal(userValueWarning(typed), undefined, typed);
  });
});
