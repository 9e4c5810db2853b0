"""The `luoshi` console command. `luoshi parse FILE --format json` is a stable interface: see README."""

from __future__ import annotations

import argparse
import json
import sys

from luoshi.notice import NoticeError, parse_bytes, parse_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="luoshi", description="落实：政府工作报告责任分解通知的解析与督办台账")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="解析责任分解通知（txt/html/docx/xlsx/xls/pdf），输出 JSON、文本摘要或责任分解表")
    parse.add_argument("path", help="通知文件路径；用 - 从标准输入读取")
    parse.add_argument("--format", choices=("json", "text", "xlsx"), default="json", help="输出格式（默认 json）")
    parse.add_argument("-o", "--output", help="输出文件（xlsx 格式必填；其余默认标准输出）")
    parse.add_argument("--profile", help="辖区配置（如 jinhua 或 JSON 文件路径），用于展开“各县(市、区)政府”等集合单位；默认按通知标题自动识别")
    parse.add_argument("--filename", help="从标准输入读取时的原文件名（用于判断格式）")
    importing = commands.add_parser("import", help="导入责任分解通知，生成台账草稿（需要数据库）")
    importing.add_argument("path", help="通知文件路径")
    importing.add_argument("--jurisdiction", required=True, help="辖区名称，如 金华市")
    importing.add_argument("--year", type=int, help="年度（通知中读不出年度时必填）")
    importing.add_argument("--publish", action="store_true", help="导入后直接发布")
    exporting = commands.add_parser("export", help="导出台账：责任分解表 xlsx / 公文格式 docx / csv（需要数据库）")
    exporting.add_argument("ledger", help="台账编号（台账页面地址中的数字）")
    exporting.add_argument("--format", choices=("xlsx", "docx", "csv"), required=True, help="导出格式")
    exporting.add_argument("-o", "--output", required=True, help="输出文件")
    from luoshi.accounts import cli as accounts_cli
    from luoshi.audit import cli as audit_cli

    audit_cli.add_parser(commands)
    accounts_cli.add_parser(commands)
    args = parser.parse_args(argv)
    if args.command == "parse":
        return _parse(args)
    _setup_django()
    if args.command == "audit":
        return audit_cli.run(args)
    if args.command == "createadmin":
        return accounts_cli.run(args)
    if args.command == "import":
        from luoshi.ledger.cli_import import run

        return run(args)
    from luoshi.ledger.cli_export import run

    return run(args)


def _setup_django() -> None:
    """The ledger commands use the web application's database and settings."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    django.setup()


def _parse(args: argparse.Namespace) -> int:
    try:
        if args.path == "-":
            notice = parse_bytes(sys.stdin.buffer.read(), args.filename, profile=args.profile)
        else:
            notice = parse_path(args.path, profile=args.profile)
    except NoticeError as err:
        print(f"luoshi: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"luoshi: 无法读取文件 {args.path}：{err.strerror or err}", file=sys.stderr)
        return 1
    if args.format == "json":
        text = json.dumps(notice.to_dict(), ensure_ascii=False, indent=1)
        _emit(text, args.output)
    elif args.format == "text":
        from luoshi.notice.summary import render_summary

        _emit(render_summary(notice), args.output)
    else:
        if not args.output:
            print("luoshi: --format xlsx 需要用 -o 指定输出文件", file=sys.stderr)
            return 2
        from luoshi.notice.export_xlsx import write_responsibility_table

        write_responsibility_table(notice, args.output)
    return 0


def _emit(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")


if __name__ == "__main__":
    sys.exit(main())
