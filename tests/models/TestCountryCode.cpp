#include "domain/CountryCode.h"
#include "taxonomy/Countries.h"

#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestCountryCode : public QObject
{
    Q_OBJECT

private slots:
    void table();
    void parse_data();
    void parse();
    void jurisdictions_data();
    void jurisdictions();
};

void TestCountryCode::table()
{
    QCOMPARE(Countries::instance().size(), 250);
    QCOMPARE(Countries::instance().name(u"ER"), u"Eritrea"_s);
    QCOMPARE(Countries::instance().name(u"XK"), u"Kosovo"_s);
    QVERIFY(Countries::instance().find(u"VN")->languages.contains(u"vie"_s));
}

void TestCountryCode::parse_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("upper") << u"GB"_s << u"GB"_s;
    QTest::newRow("lower") << u"ng"_s << u"NG"_s;
    QTest::newRow("kosovo") << u"XK"_s << u"XK"_s;
    QTest::newRow("alpha-3") << u"GBR"_s << QString();
    QTest::newRow("UK is not ISO") << u"UK"_s << QString();
    QTest::newRow("unknown") << u"ZZ"_s << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestCountryCode::parse()
{
    QFETCH(QString, input);
    QFETCH(QString, canonical);
    const auto code = CountryCode::parse(input);
    QCOMPARE(code.has_value(), !canonical.isEmpty());
    if (code) {
        QCOMPARE(code->code(), canonical);
        QVERIFY(!code->name().isEmpty());
    }
}

void TestCountryCode::jurisdictions_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("valid");
    QTest::newRow("country") << u"GB"_s << true;
    QTest::newRow("scotland") << u"GB-SCT"_s << true;
    QTest::newRow("california") << u"US-CA"_s << true;
    QTest::newRow("unknown country") << u"ZZ-ABC"_s << false;
    QTest::newRow("lower case") << u"gb-sct"_s << false;
    QTest::newRow("too long subdivision") << u"GB-ENGL"_s << false;
}

void TestCountryCode::jurisdictions()
{
    QFETCH(QString, code);
    QFETCH(bool, valid);
    QCOMPARE(CountryCode::isValidJurisdiction(code), valid);
}

QTEST_GUILESS_MAIN(TestCountryCode)
#include "TestCountryCode.moc"
