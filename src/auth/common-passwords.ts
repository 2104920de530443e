// A short list of the passwords most often seen in leaks, in China and elsewhere, and the obvious ones for
// this product. Compared case-insensitively; a password that only repeats one character or counts up or down
// is refused too.

const COMMON = new Set(
  `123456 1234567 12345678 123456789 1234567890 12345678910 123123 123123123 111111 11111111 000000 00000000
  666666 66666666 888888 88888888 999999 99999999 112233 121212 123321 654321 7654321 87654321 987654321 147258369
  159357 123654 5201314 1314520 520520 woaini woaini1314 woaini520 iloveyou iloveyou1 aini1314 love1314
  password password1 password123 passw0rd p@ssw0rd p@ssword pass1234 admin admin123 admin1234 admin888 admin12345
  administrator root root123 root1234 toor test test123 test1234 guest guest123 user user123 demo demo1234
  qwerty qwerty123 qwertyuiop qwer1234 asdf1234 asdfghjkl asdfasdf zxcvbnm zxcvbnm123 1qaz2wsx 1q2w3e4r 1q2w3e4r5t
  q1w2e3r4 qazwsxedc abc123 abc12345 abc123456 abcd1234 a123456 a12345678 aa123456 aa12345678 a1b2c3d4 1a2b3c4d
  123456a 123456aa 123qwe 123qweasd qweasd qweasdzxc qwe123 welcome welcome1 welcome123 letmein letmein123
  monkey dragon master sunshine princess football baseball superman batman trustno1 shadow michael
  jixiao jixiao123 jixiao2024 jixiao2025 jixiao2026 jixiao@123 jx123456 jxadmin changeme changeme123
  huanjing huanbao huanbao123 zhengfu gov123456 tianjin tianjin123 beijing beijing123 china123 zhongguo
  secret secret123 default default123 system system123 manager manager123 server database
  Aa123456 Aa12345678 Aa123456789 A123456a Qq123456 qq123456 qq5201314 wang123456 zhang123456 li123456`
    .split(/\s+/)
    .filter(Boolean)
    .map((p) => p.toLowerCase()),
);

export function isCommonPassword(password: string): boolean {
  const p = password.toLowerCase();
  if (COMMON.has(p)) return true;
  if (/^(.)\1+$/.test(p)) return true;
  const codes = [...p].map((c) => c.charCodeAt(0));
  const step = codes[1]! - codes[0]!;
  return Math.abs(step) === 1 && codes.every((c, i) => i === 0 || c - codes[i - 1]! === step);
}
