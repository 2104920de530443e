import { seedText } from './seed.ts';

/** The seed's unit line: its code and name, as the table writes them. */
export const SEED_UNIT_LINE = '362207天津市生态环境综合保障中心';

/**
 * The seed table under another unit line: the same projects and indicators, as new rows of that unit. A test
 * that writes the seed into a database other tests share takes a code of its own, so that what it asserts
 * counts only its own rows. The name must end the way a unit's name does (单位, 中心, 局 …).
 */
export function seedTextForUnit(code: string, name = '测试单位'): string {
  if (!/^\d{6}$/.test(code)) throw new Error(`a unit code has six digits: ${code}`);
  return seedText().split(SEED_UNIT_LINE).join(`${code}${name}`);
}
