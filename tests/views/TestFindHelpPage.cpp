#include "common/TemporaryWorkspace.h"
#include "common/ViewFixtures.h"
#include "itemmodels/MatchResultsModel.h"
#include "taxonomy/Languages.h"
#include "translations/Translations.h"
#include "views/ProfessionalDetailsView.h"
#include "views/findhelp/FindHelpPage.h"
#include "views/findhelp/LanguagePicker.h"
#include "views/findhelp/NeedsTree.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QCompleter>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QTreeWidget>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestFindHelpPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void needsAndLanguageFilterTheResults();
    void aParentNeedFindsItsChildren();
    void languagesQLocaleDoesNotNameAreOffered();
    void zeroResultsOfferRelaxationsThatApplyThemselves();
    void referHandsOnTheQueryAndTheProfessional();
    void lockEmptiesResultsFiltersAndDetails();

private:
    void checkNeed(const QString& code);
    void addLanguage(const QString& typed);
    void setPlace(const QString& typed, int radiusKm);
    QStringList resultNames() const;
    QSet<QString> resultSet() const
    {
        const QStringList names = resultNames();
        return {names.cbegin(), names.cend()};
    }
    void waitForMatch();

    std::unique_ptr<test::TemporaryWorkspace> m_workspace;
    std::unique_ptr<FindHelpPage> m_page;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestFindHelpPage::initTestCase()
{
    installTranslations();
}

void TestFindHelpPage::init()
{
    m_workspace = std::make_unique<test::TemporaryWorkspace>();
    QVERIFY(test::fillDirectory(**m_workspace));
    m_page = std::make_unique<FindHelpPage>();
    // Alive for the whole test, before the model changes.
    m_tester = std::make_unique<QAbstractItemModelTester>(m_page->resultsModel(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_page->resize(1200, 700);
    m_page->show();
    m_page->activateWindow(); // keys reach the focused widget, shortcuts included
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    m_page->setWorkspace(m_workspace->get());
}

void TestFindHelpPage::cleanup()
{
    m_tester.reset();
    m_page.reset();
    m_workspace.reset();
}

void TestFindHelpPage::checkNeed(const QString& code)
{
    auto* tree = m_page->findChild<NeedsTree*>(u"needsTree"_s);
    QVERIFY(tree);
    // Find the item, make it current, and tick it with the keyboard as a user would.
    QTreeWidgetItemIterator it(tree);
    QTreeWidgetItem* item = nullptr;
    for (; *it; ++it)
        if ((*it)->data(0, Qt::UserRole + 1).toString() == code)
            item = *it;
    QVERIFY2(item, qPrintable(code));
    tree->setFocus();
    tree->setCurrentItem(item);
    QTest::keyClick(tree, Qt::Key_Space);
    QCOMPARE(item->checkState(0), Qt::Checked);
}

void TestFindHelpPage::addLanguage(const QString& typed)
{
    auto* edit = m_page->findChild<QLineEdit*>(u"languageEdit"_s);
    QVERIFY(edit);
    edit->setFocus();
    QTest::keyClicks(edit, typed);
    // The type-ahead offers it; take the first offer with the keyboard.
    QAbstractItemView* popup = edit->completer()->popup();
    QTRY_VERIFY(popup->isVisible());
    QTest::keyClick(popup, Qt::Key_Down);
    QTest::keyClick(popup, Qt::Key_Return);
    QTRY_VERIFY(edit->text().isEmpty());
    // The list was a window of its own; the page's window is the active one again.
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
}

void TestFindHelpPage::setPlace(const QString& typed, int radiusKm)
{
    auto* radius = m_page->findChild<QSpinBox*>(u"radiusBox"_s);
    QVERIFY(radius);
    radius->setFocus();
    radius->selectAll();
    QTest::keyClicks(radius, QString::number(radiusKm));
    QCOMPARE(radius->value(), radiusKm);
    auto* edit = m_page->findChild<QLineEdit*>(u"placeEdit"_s);
    QVERIFY(edit);
    edit->setFocus();
    QTest::keyClicks(edit, typed);
    // The gazetteer's type-ahead offers the place, best known first.
    const QAbstractItemModel* offers = edit->completer()->completionModel();
    QVERIFY(offers->rowCount() > 0);
    QVERIFY2(offers->index(0, 0).data().toString().startsWith(typed + u", "_s),
             qPrintable(offers->index(0, 0).data().toString()));
    QTest::keyClick(edit, Qt::Key_Escape); // close the completion list; the typed name stands
    QTest::keyClick(edit, Qt::Key_Return);
}

QStringList TestFindHelpPage::resultNames() const
{
    QStringList names;
    for (int row = 0; row < m_page->resultsModel()->rowCount(); ++row)
        names.append(m_page->resultsModel()->index(row).data(MatchResultsModel::NameRole).toString());
    return names;
}

void TestFindHelpPage::waitForMatch()
{
    // The match runs once the filters have settled (a debounce), then resets the model.
    QSignalSpy reset(m_page->resultsModel(), &QAbstractItemModel::modelReset);
    QVERIFY(reset.wait());
}

void TestFindHelpPage::needsAndLanguageFilterTheResults()
{
    checkNeed(u"legal.immigration"_s);
    waitForMatch();
    QCOMPARE(resultNames().size(), 3); // the three immigration lawyers, and no one else
    addLanguage(u"Tigrin"_s);
    QCOMPARE(m_page->findChild<LanguagePicker*>()->languages(), QStringList{u"tir"_s});
    waitForMatch();
    QCOMPARE(resultSet(), (QSet<QString>{u"Abeba Testfaye"_s, u"Berhane Testkidane"_s}));
    setPlace(u"Leeds"_s, 50);
    waitForMatch();
    QCOMPARE(resultNames(), QStringList{u"Abeba Testfaye"_s});
    const QModelIndex first = m_page->resultsModel()->index(0);
    const QString why = first.data(MatchResultsModel::ExplanationRole).toString();
    QVERIFY2(why.contains(u"Covers 1 of 1 needs (Immigration and asylum)"_s), qPrintable(why));
    QVERIFY2(why.contains(u"speaks Tigrinya"_s), qPrintable(why));
    QVERIFY2(why.contains(u" km"_s), qPrintable(why));
    // The first result is selected and shown, contacts included.
    QVERIFY(m_page->detailsView()->toPlainText().contains(u"Abeba Testfaye"_s));
    QVERIFY(m_page->detailsView()->toPlainText().contains(u"+441132960000"_s));
    // An interpreter will do: the English-speaking lawyer in Leeds joins.
    auto* interpreter = m_page->findChild<QCheckBox*>(u"interpreterOk"_s);
    interpreter->setFocus();
    QTest::keyClick(interpreter, Qt::Key_Space);
    QVERIFY(interpreter->isChecked());
    waitForMatch();
    QCOMPARE(resultSet(), (QSet<QString>{u"Abeba Testfaye"_s, u"Chidi Testokafor"_s}));
    QVERIFY(m_page->resultsModel()
                ->index(resultNames().indexOf(u"Chidi Testokafor"_s))
                .data(MatchResultsModel::ExplanationRole)
                .toString()
                .contains(u"works with interpreters"_s));
}

void TestFindHelpPage::aParentNeedFindsItsChildren()
{
    checkNeed(u"legal"_s); // the parent: every legal child offered matches it
    waitForMatch();
    QCOMPARE(resultNames().size(), 3);
    QCOMPARE(m_page->currentQuery().needs.size(), 1);
    QCOMPARE(m_page->currentQuery().needs.first().code, u"legal"_s);
}

void TestFindHelpPage::languagesQLocaleDoesNotNameAreOffered()
{
    QVERIFY(!Languages::knownToQLocale(u"bin"));
    addLanguage(u"Bini ("_s);
    QCOMPARE(m_page->findChild<LanguagePicker*>()->languages(), QStringList{u"bin"_s});
    waitForMatch();
    QCOMPARE(resultNames(), QStringList{u"Osagie Testedo"_s});
    QCOMPARE(m_page->findChild<QListWidget*>(u"languageList"_s)->item(0)->text(), u"Bini (bin)"_s);
    // Delete on the chosen language takes it off again.
    auto* list = m_page->findChild<QListWidget*>(u"languageList"_s);
    list->setFocus();
    list->setCurrentRow(0);
    QVERIFY(list->hasFocus());
    QTest::keyClick(list, Qt::Key_Delete);
    QVERIFY(m_page->findChild<LanguagePicker*>()->languages().isEmpty());
}

void TestFindHelpPage::zeroResultsOfferRelaxationsThatApplyThemselves()
{
    checkNeed(u"legal.immigration"_s);
    addLanguage(u"Tigrin"_s);
    setPlace(u"Manchester"_s, 20); // Leeds is ~58 km away, London ~260 km
    waitForMatch();
    QCOMPARE(resultNames(), QStringList());
    QWidget* relaxations = m_page->findChild<QWidget*>(u"relaxations"_s);
    QVERIFY(relaxations->isVisible());
    QPushButton* wider = nullptr;
    for (QPushButton* b : relaxations->findChildren<QPushButton*>(u"relaxation"_s))
        if (b->text().contains(u"within 80 km"_s))
            wider = b;
    QVERIFY2(wider, "no 'within 80 km' suggestion");
    QCOMPARE(wider->text(), u"1 more within 80 km"_s);
    QTest::mouseClick(wider, Qt::LeftButton);
    // The suggestion changed the filter itself and ran the match again.
    QCOMPARE(m_page->findChild<QSpinBox*>(u"radiusBox"_s)->value(), 80);
    QCOMPARE(resultNames(), QStringList{u"Abeba Testfaye"_s});
    QCOMPARE(m_page->resultsModel()->query()->radiusKm, 80.0);
}

void TestFindHelpPage::referHandsOnTheQueryAndTheProfessional()
{
    QSignalSpy spy(m_page.get(), &FindHelpPage::referralRequested);
    checkNeed(u"legal.immigration"_s);
    addLanguage(u"Tigrin"_s);
    setPlace(u"Leeds"_s, 50);
    waitForMatch();
    auto* refer = m_page->findChild<QPushButton*>(u"referButton"_s);
    QVERIFY(refer->isEnabled());
    QTest::mouseClick(refer, Qt::LeftButton);
    QCOMPARE(spy.size(), 1);
    const auto query = spy.first().at(0).value<MatchQuery>();
    QCOMPARE(query.languages, QStringList{u"tir"_s});
    QCOMPARE(query.needs.first().code, u"legal.immigration"_s);
    QCOMPARE(resultNames(), QStringList{u"Abeba Testfaye"_s});
    QCOMPARE(spy.first().at(1).toUuid(), m_page->resultsModel()->resultAt(0)->id);
    QCOMPARE(spy.first().at(2).toString(), u"victim-support"_s);
    // By keyboard alone: Enter on the selected result refers too.
    m_page->resultsView()->setFocus();
    QTest::keyClick(m_page->resultsView(), Qt::Key_Return);
    QCOMPARE(spy.size(), 2);
    QCOMPARE(spy.last().at(1).toUuid(), spy.first().at(1).toUuid());
}

void TestFindHelpPage::lockEmptiesResultsFiltersAndDetails()
{
    checkNeed(u"legal.immigration"_s);
    addLanguage(u"Tigrin"_s);
    waitForMatch();
    QVERIFY(m_page->resultsModel()->rowCount() > 0);
    m_workspace->close(); // closing() goes out: the page lets go of everything
    QCOMPARE(m_page->resultsModel()->rowCount(), 0);
    QVERIFY(m_page->findChild<LanguagePicker*>()->languages().isEmpty());
    QVERIFY(m_page->currentQuery().needs.isEmpty());
    QVERIFY(!m_page->detailsView()->toPlainText().contains(u"Test"_s));
}

QTEST_MAIN(TestFindHelpPage)
#include "TestFindHelpPage.moc"
