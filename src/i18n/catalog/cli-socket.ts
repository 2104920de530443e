// The CLI going through the running server's socket (docs/design.md "Operations"): what a person reads
// when that goes wrong. Chinese is the source; English must name every key.

export const zh = {
  'cliSocket.lost': '与正在运行的服务的连接中断，命令可能已部分执行；请查看服务日志',
  'cliSocket.badRequest': '服务无法读取转发来的命令（客户端与服务的版本可能不一致）',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'cliSocket.lost': 'The connection to the running server was lost; the command may have run in part. See the server log',
  'cliSocket.badRequest': 'The server could not read the forwarded command (the client and the server may be different versions)',
};
