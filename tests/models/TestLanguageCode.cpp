#include "domain/LanguageCode.h"
#include "taxonomy/Languages.h"

#include <QFile>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestLanguageCode : public QObject
{
    Q_OBJECT

private slots:
    void tableIsComplete();
    void parse_data();
    void parse();
    void namesFromQLocaleOrTable_data();
    void namesFromQLocaleOrTable();
    void victimLanguagesAreKnown();
    void hsdsExampleCodes();
};

void TestLanguageCode::tableIsComplete()
{
    const Languages& languages = Languages::instance();
    QVERIFY2(languages.size() > 7800, qPrintable(QString::number(languages.size())));
    const auto* tir = languages.find(u"tir");
    QVERIFY(tir);
    QCOMPARE(tir->part1, u"ti"_s);
    QCOMPARE(tir->scope, u"individual"_s);
}

void TestLanguageCode::parse_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("639-3") << u"tir"_s << u"tir"_s;
    QTest::newRow("639-3 upper case") << u"VIE"_s << u"vie"_s;
    QTest::newRow("639-1") << u"ur"_s << u"urd"_s;
    QTest::newRow("639-2/B") << u"ger"_s << u"deu"_s;
    QTest::newRow("639-2/B alb") << u"alb"_s << u"sqi"_s;
    QTest::newRow("nigerian pidgin") << u"pcm"_s << u"pcm"_s;
    QTest::newRow("edo") << u"bin"_s << u"bin"_s;
    QTest::newRow("padded") << u" ara "_s << u"ara"_s;
    QTest::newRow("unknown") << u"xx"_s << QString();
    QTest::newRow("too long") << u"engl"_s << QString();
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("bcp47 tag") << u"en-GB"_s << QString();
}

void TestLanguageCode::parse()
{
    QFETCH(QString, input);
    QFETCH(QString, canonical);
    const auto code = LanguageCode::parse(input);
    QCOMPARE(code.has_value(), !canonical.isEmpty());
    if (code)
        QCOMPARE(code->code(), canonical);
}

void TestLanguageCode::namesFromQLocaleOrTable_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("fromQLocale");
    QTest::addColumn<QString>("name");
    QTest::newRow("tigrinya (QLocale)") << u"tir"_s << true << u"Tigrinya"_s;
    QTest::newRow("vietnamese (QLocale)") << u"vie"_s << true << u"Vietnamese"_s;
    QTest::newRow("edo (table)") << u"bin"_s << false << u"Bini"_s;
    QTest::newRow("dari (table)") << u"prs"_s << false << u"Dari"_s;
}

void TestLanguageCode::namesFromQLocaleOrTable()
{
    QFETCH(QString, code);
    QFETCH(bool, fromQLocale);
    QFETCH(QString, name);
    QCOMPARE(Languages::knownToQLocale(code), fromQLocale);
    QCOMPARE(LanguageCode::parse(code)->name(), name);
    if (fromQLocale)
        QVERIFY(!LanguageCode::parse(code)->nativeName().isEmpty());
    else
        QVERIFY(LanguageCode::parse(code)->nativeName().isEmpty());
}

void TestLanguageCode::victimLanguagesAreKnown()
{
    const QStringList codes = {u"vie"_s, u"sqi"_s, u"ron"_s, u"tir"_s, u"ara"_s, u"amh"_s, u"pol"_s,
                               u"cmn"_s, u"tha"_s, u"tgl"_s, u"pcm"_s, u"bin"_s, u"kmr"_s, u"ckb"_s,
                               u"pus"_s, u"prs"_s, u"ben"_s, u"urd"_s, u"som"_s};
    for (const QString& code : codes) {
        const auto parsed = LanguageCode::parse(code);
        QVERIFY2(parsed, qPrintable(code));
        QVERIFY2(!parsed->name().isEmpty(), qPrintable(code));
    }
}

// HSDS 3.0 language records carry ISO 639-1 codes ("ur"); they must map onto ISO 639-3.
void TestLanguageCode::hsdsExampleCodes()
{
    QFile csv(qEnvironmentVariable("HTMSE_SOURCE_DIR") + u"/tests/data/hsds-3.0/examples/csv/languages.csv"_s);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().split('\n');
    const QList<QByteArray> header = lines.first().trimmed().split(',');
    const qsizetype codeColumn = header.indexOf("code");
    QVERIFY(codeColumn >= 0);
    int checked = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> fields = lines.at(i).split(',');
        if (fields.size() <= codeColumn || fields.at(codeColumn).isEmpty())
            continue;
        const QString code = QString::fromUtf8(fields.at(codeColumn));
        QVERIFY2(LanguageCode::parse(code), qPrintable(code));
        ++checked;
    }
    QVERIFY(checked > 0);
}

QTEST_GUILESS_MAIN(TestLanguageCode)
#include "TestLanguageCode.moc"
