import { readKeyword } from '../opt-out-keywords';

describe('readKeyword', () => {
  it.each(['STOP', 'stop', ' Stop. ', 'STOP please', 'UNSUBSCRIBE', 'End', 'cancel', 'QUIT'])(
    'reads %p as an opt-out',
    (text) => {
      expect(readKeyword(text)).toBe('opt-out');
    }
  );

  it.each(['ARRET', 'ARRÊT', 'arrêt', 'Désabonner', 'DESABONNER', 'désinscrire'])(
    'reads French %p as an opt-out',
    (text) => {
      expect(readKeyword(text)).toBe('opt-out');
    }
  );

  it.each(['ACHA', 'acha', 'Sitisha', 'ONDOA'])('reads Swahili %p as an opt-out', (text) => {
    expect(readKeyword(text)).toBe('opt-out');
  });

  it.each(['إلغاء', 'الغاء', 'إلغاء الاشتراك', 'توقف', 'تَوَقَّفْ', 'إيقاف', 'ايقاف!'])(
    'reads Arabic %p as an opt-out',
    (text) => {
      expect(readKeyword(text)).toBe('opt-out');
    }
  );

  it.each(['START', 'start', 'Anza', 'ابدأ', 'Démarrer'])('reads %p as an opt-in', (text) => {
    expect(readKeyword(text)).toBe('opt-in');
  });

  it.each(["don't stop", 'Thanks, paid yesterday', 'STOPPED', 'restart', '', '   ', undefined, 42])(
    'reads %p as nothing',
    (text) => {
      expect(readKeyword(text)).toBeNull();
    }
  );
});
