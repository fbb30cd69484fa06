#include "core/JsonReader.h"

#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestValidation : public QObject
{
    Q_OBJECT

private slots:
    void parseErrors_data();
    void parseErrors();
    void deepNestingIsRefused();
    void oversizedDocumentIsRefused();
    void strings();
    void controlCharactersAreRefused_data();
    void controlCharactersAreRefused();
    void multiLineAllowsNewlines();
    void lengthLimits();
    void numbersAndRanges_data();
    void numbersAndRanges();
    void datesAndIds();
    void urls_data();
    void urls();
    void codeListReportsEveryBadItem();
    void everyProblemIsCollected();
    void quoteEscapesAndCuts();
};

void TestValidation::parseErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QByteArray() << u"not valid JSON"_s;
    QTest::newRow("truncated") << QByteArray(R"({"a": [1, 2)") << u"not valid JSON"_s;
    QTest::newRow("trailing comma") << QByteArray(R"({"a": 1,})") << u"not valid JSON"_s;
    QTest::newRow("array") << QByteArray("[1,2]") << u"must be a JSON object"_s;
    QTest::newRow("scalar") << QByteArray("42") << u"not valid JSON"_s;
    QTest::newRow("invalid utf-8") << QByteArray("{\"a\": \"\xC3\x28\"}") << u"not valid JSON"_s;
    QTest::newRow("overlong utf-8") << QByteArray("{\"a\": \"\xC0\xAF\"}") << u"not valid JSON"_s;
}

void TestValidation::parseErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    ValidationProblems problems;
    QVERIFY(!parseJsonObject(bytes, problems));
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.list().first().path, QString());
    QVERIFY2(problems.list().first().message.contains(expected), qPrintable(problems.list().first().message));
}

void TestValidation::deepNestingIsRefused()
{
    QByteArray deep = "{\"a\":";
    for (int i = 0; i < 5000; ++i)
        deep += '[';
    ValidationProblems problems;
    QVERIFY(!parseJsonObject(deep, problems));
    QCOMPARE(problems.size(), 1);
}

void TestValidation::oversizedDocumentIsRefused()
{
    ValidationProblems problems;
    QVERIFY(!parseJsonObject(QByteArray(2048, ' '), problems, 1024));
    QVERIFY(problems.list().first().message.contains(u"more than the limit"_s));
}

void TestValidation::strings()
{
    ValidationProblems problems;
    const QJsonObject o{
        {u"name"_s, u"  Amina  "_s}, {u"number"_s, 5}, {u"blank"_s, u"   "_s}, {u"nothing"_s, QJsonValue()}};
    const JsonReader r(o, u"root"_s, problems);
    QCOMPARE(r.string("name"_L1, Presence::Required), u"Amina"_s);
    QCOMPARE(r.string("number"_L1, Presence::Required), QString());
    QCOMPARE(r.string("missing"_L1, Presence::Optional), QString());
    QCOMPARE(r.string("nothing"_L1, Presence::Optional), QString());
    r.string("missing"_L1, Presence::Required);
    r.string("blank"_L1, Presence::Required);
    QCOMPARE(problems.toStrings(), QStringList({u"root.number: must be a string, not a number"_s,
                                                u"root.missing: is required"_s, u"root.blank: must not be empty"_s}));
}

void TestValidation::controlCharactersAreRefused_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("nul") << u"a\u0000b"_s;
    QTest::newRow("escape") << u"\u001b[31mred"_s;
    QTest::newRow("newline in a name") << u"line\nbreak"_s;
    QTest::newRow("del") << u"a\u007fb"_s;
    QTest::newRow("lone surrogate") << QString(QChar(0xD800)) + u"x"_s;
    QTest::newRow("noncharacter") << QString(QChar(0xFFFF));
}

void TestValidation::controlCharactersAreRefused()
{
    QFETCH(QString, value);
    ValidationProblems problems;
    const JsonReader r(QJsonObject{{u"v"_s, value}}, {}, problems);
    QCOMPARE(r.string("v"_L1, Presence::Required), QString());
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.list().first().path, u"v"_s);
}

void TestValidation::multiLineAllowsNewlines()
{
    ValidationProblems problems;
    const JsonReader r(QJsonObject{{u"v"_s, u"first line\n\tsecond"_s}}, {}, problems);
    QCOMPARE(r.string("v"_L1, Presence::Required, 100, TextKind::MultiLine), u"first line\n\tsecond"_s);
    QVERIFY(problems.isEmpty());
}

void TestValidation::lengthLimits()
{
    ValidationProblems problems;
    const JsonReader r(QJsonObject{{u"v"_s, QString(201, u'x')}, {u"a"_s, QJsonArray({1, 2, 3})}}, {}, problems);
    QCOMPARE(r.string("v"_L1, Presence::Required), QString());
    QVERIFY(r.array("a"_L1, Presence::Required, 2).isEmpty());
    QCOMPARE(problems.toStrings(), QStringList({u"v: is 201 characters long; at most 200 are allowed"_s,
                                                u"a: has 3 items; at most 2 are allowed"_s}));
}

void TestValidation::numbersAndRanges_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<bool>("valid");
    QTest::newRow("inside") << QJsonValue(45.5) << true;
    QTest::newRow("edge") << QJsonValue(-90) << true;
    QTest::newRow("outside") << QJsonValue(100) << false;
    QTest::newRow("string") << QJsonValue(u"45"_s) << false;
    QTest::newRow("bool") << QJsonValue(true) << false;
    QTest::newRow("huge") << QJsonValue(1e308) << false;
}

void TestValidation::numbersAndRanges()
{
    QFETCH(QJsonValue, value);
    QFETCH(bool, valid);
    ValidationProblems problems;
    const JsonReader r(QJsonObject{{u"latitude"_s, value}}, u"locations[0]"_s, problems);
    QCOMPARE(r.number("latitude"_L1, -90, 90, Presence::Required).has_value(), valid);
    QCOMPARE(problems.isEmpty(), valid);
    if (!valid)
        QCOMPARE(problems.list().first().path, u"locations[0].latitude"_s);
    if (value == QJsonValue(100))
        QCOMPARE(problems.toStrings().first(), u"locations[0].latitude: 100 is outside -90..90"_s);
}

void TestValidation::datesAndIds()
{
    ValidationProblems problems;
    const QJsonObject o{{u"t"_s, u"2026-11-30T09:30:00+01:00"_s},
                        {u"local"_s, u"2026-11-30T09:30:00"_s},
                        {u"d"_s, u"2026-02-30"_s},
                        {u"id"_s, u"not-a-uuid"_s},
                        {u"good"_s, u"0b9e1f4c-5d1e-4c53-9a5e-3f1a1b2c3d4e"_s}};
    const JsonReader r(o, {}, problems);
    QCOMPARE(r.dateTime("t"_L1, Presence::Required), QDateTime(QDate(2026, 11, 30), QTime(8, 30), Qt::UTC));
    QVERIFY(!r.dateTime("local"_L1, Presence::Required).isValid()); // no zone: ambiguous
    QVERIFY(!r.date("d"_L1, Presence::Required).isValid());
    QVERIFY(r.uuid("id"_L1, Presence::Required).isNull());
    QVERIFY(!r.uuid("good"_L1, Presence::Required).isNull());
    QCOMPARE(problems.size(), 3);
    QVERIFY(problems.hasPath(u"local"_s));
    QVERIFY(problems.hasPath(u"d"_s));
    QVERIFY(problems.hasPath(u"id"_s));
}

void TestValidation::urls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("valid");
    QTest::newRow("https") << u"https://example.org/cv.pdf"_s << true;
    QTest::newRow("http") << u"http://example.org"_s << true;
    QTest::newRow("javascript") << u"javascript:alert(1)"_s << false;
    QTest::newRow("file") << u"file:///etc/passwd"_s << false;
    QTest::newRow("no host") << u"https://"_s << false;
    QTest::newRow("spaces") << u"https://exa mple.org"_s << false;
}

void TestValidation::urls()
{
    QFETCH(QString, url);
    QFETCH(bool, valid);
    ValidationProblems problems;
    const JsonReader r(QJsonObject{{u"u"_s, url}}, {}, problems);
    QCOMPARE(r.url("u"_L1, Presence::Required).isEmpty(), !valid);
    QCOMPARE(problems.isEmpty(), valid);
}

void TestValidation::codeListReportsEveryBadItem()
{
    ValidationProblems problems;
    const JsonReader r(QJsonObject{{u"codes"_s, QJsonArray({u"a"_s, u"x"_s, 3, u"a"_s, u""_s})}}, {}, problems);
    const QStringList codes = r.codeList(
        "codes"_L1, Presence::Required,
        [](QStringView v) -> std::optional<QString> {
            return v == u"a" ? std::optional<QString>(v.toString()) : std::nullopt;
        },
        u"a known code"_s);
    QCOMPARE(codes, QStringList({u"a"_s}));
    QCOMPARE(problems.toStrings(),
             QStringList({u"codes[1]: \"x\" is not a known code"_s, u"codes[2]: must be a string, not a number"_s,
                          u"codes[3]: \"a\" is listed twice"_s, u"codes[4]: must not be empty"_s}));
}

void TestValidation::everyProblemIsCollected()
{
    ValidationProblems problems;
    const JsonReader r(QJsonObject{{u"a"_s, 1}, {u"b"_s, u"x"_s}, {u"c"_s, QJsonArray()}}, {}, problems);
    r.string("a"_L1, Presence::Required);
    r.integer("b"_L1, 0, 10, Presence::Required);
    r.boolean("c"_L1, false, Presence::Required);
    r.object("d"_L1, Presence::Required);
    QCOMPARE(problems.size(), 4);
}

void TestValidation::quoteEscapesAndCuts()
{
    QCOMPARE(ValidationProblems::quote(u"say \"hi\"\n"_s), u"\"say \\\"hi\\\"\\u000a\""_s);
    QCOMPARE(ValidationProblems::quote(QString(100, u'x')).size(), 43);
}

QTEST_GUILESS_MAIN(TestValidation)
#include "TestValidation.moc"
