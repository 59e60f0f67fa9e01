import type { DeliveryReport } from '../../../domain/delivery-report';
import { createAfricasTalkingReportReader } from '../delivery-reports';

const reader = createAfricasTalkingReportReader('KE');
const meaningOf = (fields: Partial<DeliveryReport>) =>
  reader.meaning({ messageId: 'ATXid_1', status: 'Success', ...fields });
const NO_ID = { error: 'A delivery report needs an id and a status' };

describe("Africa's Talking delivery reports", () => {
  it('reads the fields of the form, trimmed, the number in E.164', () => {
    const form = {
      id: ' ATXid_1 ',
      status: 'Failed',
      phoneNumber: '0712 345 678',
      networkCode: '63902',
      failureReason: 'DeliveryFailure',
      retryCount: '2',
    };
    expect(reader.parse(form)).toEqual({
      messageId: 'ATXid_1',
      status: 'Failed',
      phone: '+254712345678',
      networkCode: '63902',
      failureReason: 'DeliveryFailure',
      retryCount: 2,
    });
  });

  it('needs an id and a status', () => {
    expect(reader.parse({ status: 'Success' })).toEqual(NO_ID);
    expect(reader.parse({ id: 'ATXid_1', status: '  ' })).toEqual(NO_ID);
    expect(reader.parse({ id: 'x'.repeat(129), status: 'Success' })).toEqual(NO_ID);
  });

  it('leaves out a number or retry count it cannot read, and keeps the report', () => {
    const parsed = reader.parse({ id: 'ATXid_1', status: 'Success', phoneNumber: 'nobody', retryCount: 'two' });
    expect(parsed).toMatchObject({ messageId: 'ATXid_1', status: 'Success' });
    expect(parsed).not.toHaveProperty('phone');
    expect(parsed).not.toHaveProperty('retryCount');
  });

  it('means what its status says; a failure is recorded under its reason, else its status', () => {
    const sent = { kind: 'intermediate', status: 'accepted', errorCode: 'Sent', optOut: false };
    expect(meaningOf({ status: 'Sent' })).toEqual(sent);
    expect(meaningOf({ status: 'Rejected' })).toMatchObject({
      kind: 'final',
      status: 'rejected',
      errorCode: 'Rejected',
    });
    expect(meaningOf({ status: 'Failed', failureReason: 'UserDoesNotExist' })).toEqual({
      kind: 'final',
      status: 'failed',
      reason: 'The number does not exist on the mobile network.',
      errorCode: 'UserDoesNotExist',
      optOut: false,
    });
    expect(meaningOf({ status: 'Teleported' })).toMatchObject({ kind: 'unrecognised' });
  });

  it('opts out a number that blacklisted the sender', () => {
    expect(meaningOf({ status: 'Failed', failureReason: 'UserInBlackList' })).toMatchObject({ optOut: true });
  });
});
