#include "interchange/CsvReader.h"

#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace htmse {
// Lets QCOMPARE print a problem that differs.
char* toString(const CsvReader::Problem& p)
{
    return QTest::toString(u"row %1: %2%3"_s.arg(p.row).arg(p.message, p.rowLeftOut ? u""_s : u" (row kept)"_s));
}
} // namespace htmse

using Rows = QList<QStringList>;
using Problems = QList<CsvReader::Problem>;

class TestCsvReader : public QObject
{
    Q_OBJECT

private slots:
    void reads_data();
    void reads();
    void leavesOutBrokenRows_data();
    void leavesOutBrokenRows();
    void unreadableFiles_data();
    void unreadableFiles();
    void rowNumbersFollowTheSpreadsheet();
    void headerProblems();
    void oversizedValueAndManyColumns();
};

void TestCsvReader::reads_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<Rows>("rows");
    const QStringList header{u"a"_s, u"b"_s};
    QTest::newRow("LF") << QByteArray("a,b\n1,2\n3,4\n") << Rows{{u"1"_s, u"2"_s}, {u"3"_s, u"4"_s}};
    QTest::newRow("CRLF") << QByteArray("a,b\r\n1,2\r\n3,4\r\n") << Rows{{u"1"_s, u"2"_s}, {u"3"_s, u"4"_s}};
    QTest::newRow("lone CR") << QByteArray("a,b\r1,2\r") << Rows{{u"1"_s, u"2"_s}};
    QTest::newRow("no final line break") << QByteArray("a,b\n1,2") << Rows{{u"1"_s, u"2"_s}};
    QTest::newRow("UTF-8 BOM") << QByteArray("\xEF\xBB\xBF"
                                             "a,b\n\xC2\xA3"
                                             "50,x\n")
                               << Rows{{u"£50"_s, u"x"_s}};
    QTest::newRow("quoted comma") << QByteArray("a,b\n\"1,5\",2\n") << Rows{{u"1,5"_s, u"2"_s}};
    QTest::newRow("doubled quotes") << QByteArray("a,b\n\"\"\"+44 1234\"\"\",\"say \"\"hi\"\"\"\n")
                                    << Rows{{u"\"+44 1234\""_s, u"say \"hi\""_s}};
    QTest::newRow("line breaks inside quotes") << QByteArray("a,b\r\n\"line one\r\nline two\nthree\",2\r\n")
                                               << Rows{{u"line one\r\nline two\nthree"_s, u"2"_s}};
    QTest::newRow("empty values") << QByteArray("a,b\n,\n\"\",x\n") << Rows{{u""_s, u""_s}, {u""_s, u"x"_s}};
    QTest::newRow("trailing comma at the end") << QByteArray("a,b\n1,") << Rows{{u"1"_s, u""_s}};
    QTest::newRow("blank lines are skipped")
        << QByteArray("\na,b\n\n1,2\n\r\n3,4\n\n") << Rows{{u"1"_s, u"2"_s}, {u"3"_s, u"4"_s}};
    QTest::newRow("header only") << QByteArray("a,b\r\n") << Rows{};
}

void TestCsvReader::reads()
{
    QFETCH(QByteArray, csv);
    QFETCH(Rows, rows);
    const CsvReader::Table t = CsvReader::parse(csv);
    QVERIFY(t.readable);
    QCOMPARE(t.header, (QStringList{u"a"_s, u"b"_s}));
    QCOMPARE(t.problems, Problems{});
    Rows got;
    for (const CsvReader::Row& r : t.rows)
        got.append(r.values);
    QCOMPARE(got, rows);
}

void TestCsvReader::leavesOutBrokenRows_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<Rows>("rows");
    QTest::addColumn<Problems>("problems");
    QTest::newRow("too few values") << QByteArray("a,b\n1\n2,3\n") << Rows{{u"2"_s, u"3"_s}}
                                    << Problems{{2, u"has 1 values but the header names 2 columns"_s}};
    QTest::newRow("too many values (an unquoted comma)")
        << QByteArray("a,b\n1,2,3\n4,5\n") << Rows{{u"4"_s, u"5"_s}}
        << Problems{{2, u"has 3 values but the header names 2 columns"_s}};
    QTest::newRow("NUL") << QByteArrayLiteral("a,b\n1,x\0y\n4,5\n") << Rows{{u"4"_s, u"5"_s}}
                         << Problems{{2, u"value 2 holds a NUL character"_s}};
    QTest::newRow("invalid UTF-8") << QByteArray("a,b\n\xFF\xFE,2\n4,\xC3\xA9\n") << Rows{{u"4"_s, u"é"_s}}
                                   << Problems{{2, u"value 1 is not valid UTF-8"_s}};
    QTest::newRow("overlong UTF-8") << QByteArray("a,b\n\xC0\xAF,2\n") << Rows{}
                                    << Problems{{2, u"value 1 is not valid UTF-8"_s}};
    QTest::newRow("text after the closing quote") << QByteArray("a,b\n\"1\"x,2\n3,4\n") << Rows{{u"3"_s, u"4"_s}}
                                                  << Problems{{2, u"value 1 has text after its closing quote"_s}};
    QTest::newRow("unclosed quote swallows the rest") << QByteArray("a,b\n1,2\n3,\"4\n5,6\n") << Rows{{u"1"_s, u"2"_s}}
                                                      << Problems{{3, u"value 2 opens a quote that is never closed"_s}};
    QTest::newRow("stray quote is kept, with a warning")
        << QByteArray("a,b\n5\" screen,2\n") << Rows{{u"5\" screen"_s, u"2"_s}}
        << Problems{{2, u"value 1 holds a quote but is not enclosed in quotes; it is read as written"_s, false}};
}

void TestCsvReader::leavesOutBrokenRows()
{
    QFETCH(QByteArray, csv);
    QFETCH(Rows, rows);
    QFETCH(Problems, problems);
    const CsvReader::Table t = CsvReader::parse(csv);
    QVERIFY(t.readable);
    Rows got;
    for (const CsvReader::Row& r : t.rows)
        got.append(r.values);
    QCOMPARE(got, rows);
    QCOMPARE(t.problems, problems);
}

void TestCsvReader::unreadableFiles_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<Problems>("problems");
    QTest::newRow("empty") << QByteArray() << Problems{{0, u"is empty: it has no header row"_s}};
    QTest::newRow("blank lines only") << QByteArray("\r\n\n\n") << Problems{{0, u"is empty: it has no header row"_s}};
    QTest::newRow("UTF-16") << QByteArrayLiteral("\xFF\xFE"
                                                 "a\0,\0b\0")
                            << Problems{{0, u"is encoded as UTF-16 or UTF-32; save it as UTF-8"_s}};
    QTest::newRow("header not UTF-8") << QByteArray("a\xFF,b\n1,2\n")
                                      << Problems{{1, u"the header row cannot be read: value 1 is not valid UTF-8"_s}};
    QTest::newRow("header with an unclosed quote")
        << QByteArray("\"a,b\n1,2\n")
        << Problems{{1, u"the header row cannot be read: value 1 opens a quote that is never closed"_s}};
}

void TestCsvReader::unreadableFiles()
{
    QFETCH(QByteArray, csv);
    QFETCH(Problems, problems);
    const CsvReader::Table t = CsvReader::parse(csv);
    QVERIFY(!t.readable);
    QVERIFY(t.rows.isEmpty());
    QCOMPARE(t.problems, problems);
}

void TestCsvReader::rowNumbersFollowTheSpreadsheet()
{
    // A quoted line break stays in its row; a blank line is a row of its own.
    const CsvReader::Table t = CsvReader::parse("a,b\n\"x\ny\",1\n\n2,3\n");
    QCOMPARE(t.rows.size(), 2);
    QCOMPARE(t.rows.at(0).number, 2);
    QCOMPARE(t.rows.at(1).number, 4);
}

void TestCsvReader::headerProblems()
{
    const CsvReader::Table t = CsvReader::parse(" id , ,id\n1,2,3\n");
    QVERIFY(t.readable);
    QCOMPARE(t.header, (QStringList{u"id"_s, u""_s, u"id"_s}));
    QCOMPARE(t.problems, (Problems{{1, u"column 2 has no name; it is ignored"_s, false},
                                   {1, u"column 3 repeats the name \"id\"; it is ignored"_s, false}}));
    QCOMPARE(t.rows.size(), 1);
}

void TestCsvReader::oversizedValueAndManyColumns()
{
    QByteArray big = "a,b\n\"";
    big += QByteArray(CsvReader::kMaxValueBytes + 10, 'x');
    big += "\",1\n2,3\n";
    CsvReader::Table t = CsvReader::parse(big);
    QCOMPARE(t.rows.size(), 1);
    QCOMPARE(t.rows.first().values, (QStringList{u"2"_s, u"3"_s}));
    QCOMPARE(t.problems, (Problems{{2, u"value 1 is longer than %1 bytes"_s.arg(CsvReader::kMaxValueBytes)}}));

    QByteArray wide = "a\n" + QByteArray(CsvReader::kMaxColumns + 5, ',') + "\nx\n";
    t = CsvReader::parse(wide);
    QCOMPARE(t.rows.size(), 1);
    QCOMPARE(t.problems, (Problems{{2, u"has more than %1 values"_s.arg(CsvReader::kMaxColumns)}}));
}

QTEST_GUILESS_MAIN(TestCsvReader)
#include "TestCsvReader.moc"
