"""A large GB18030 export is transcoded to UTF-8 a part per core: the same text, the same errors."""

import os

import pytest

from etl.errors import FileRejected
from etl.sources import transcode
from etl.sources.transcode import utf8_file

TEXT = "交易编号,省份,产品\r\n" + "".join(f"T-{i:05d},广东省,“数据”𠀀{i}\r\n" for i in range(3_000))


@pytest.fixture
def in_parts(monkeypatch):
    """Any file over 10 kB is cut in three parts (one per pretend core) instead of 64 MiB per core."""
    monkeypatch.setattr(transcode, "PARALLEL_TRANSCODE_BYTES", 10_000)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)


def test_parts_join_into_exactly_the_text_of_the_file(in_parts, tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes(TEXT.encode("gb18030"))  # 𠀀 is a four-byte GB18030 character
    workdir = tmp_path / "work"

    with utf8_file(path, "gb18030", workdir) as copy:
        assert copy.read_bytes() == TEXT.encode("utf-8")
        assert list(workdir.iterdir()) == [copy]  # the parts were joined and removed

    assert list(workdir.iterdir()) == []


def test_cuts_fall_just_after_line_feeds(tmp_path):
    path = tmp_path / "gbk.csv"
    data = TEXT.encode("gb18030")
    path.write_bytes(data)

    bounds = transcode.line_bounds(path, len(data), 3)

    assert bounds[0] == 0 and bounds[-1] == len(data)
    assert len(bounds) == 4
    assert all(data[cut - 1 : cut] == b"\n" for cut in bounds[1:-1])


def test_a_bad_byte_in_a_later_part_is_reported_where_it_is_in_the_file(in_parts, tmp_path):
    path = tmp_path / "broken.csv"
    good = TEXT.encode("gb18030")
    bad_at = len(good) * 5 // 6  # in the last of three parts
    bad_at = good.index(b"\n", bad_at) + 1
    path.write_bytes(good[:bad_at] + b"\x81\x20" + good[bad_at:])
    workdir = tmp_path / "work"

    with pytest.raises(FileRejected) as raised, utf8_file(path, "gb18030", workdir):
        pass

    assert f"cannot be decoded near byte {bad_at}" in str(raised.value)
    assert list(workdir.iterdir()) == []


def test_nul_bytes_in_any_part_refuse_the_file(in_parts, tmp_path):
    path = tmp_path / "nul.csv"
    good = TEXT.encode("gb18030")
    path.write_bytes(good + b"T-x,\x00,1\r\n")

    with pytest.raises(FileRejected, match="not a text file"), utf8_file(path, "gb18030", tmp_path / "w"):
        pass


def test_utf16_is_never_cut(in_parts, tmp_path, monkeypatch):
    path = tmp_path / "utf16.txt"
    path.write_bytes(TEXT.encode("utf-16"))  # a line feed is half of a UTF-16 code unit
    monkeypatch.setattr(transcode, "line_bounds", lambda *_: pytest.fail("UTF-16 was cut"))

    with utf8_file(path, "utf-16", tmp_path / "work") as copy:
        assert copy.read_bytes() == TEXT.encode("utf-8")


def test_a_childs_refusal_and_system_errors_reach_the_caller_as_they_were(tmp_path, capsys):
    path = tmp_path / "gbk.csv"
    path.write_bytes(TEXT.encode("gb18030"))
    missing = tmp_path / "no such folder" / "part"

    status = transcode.main([str(path), "gb18030", str(missing), "0", "100"])

    error = transcode.child_failure(status, capsys.readouterr().err, path)
    assert isinstance(error, FileNotFoundError)  # OSError with its errno: a full disk stays ENOSPC
    assert error.filename == str(missing)

    path.write_bytes(b"\x81\x20\n")
    status = transcode.main([str(path), "gb18030", str(tmp_path / "part"), "0", "3"])

    error = transcode.child_failure(status, capsys.readouterr().err, path)
    assert isinstance(error, FileRejected)
    assert "cannot be decoded near byte 0" in str(error)
