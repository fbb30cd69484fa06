#include "views/referrals/ReferralStatutoryPage.h"

#include "views/referrals/ReferralWizardWidgets.h"

#include <QComboBox>
#include <QDateEdit>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace htmse {

using namespace referralui;
using namespace Qt::StringLiterals;

namespace {
QDateEdit* dateEdit(const QString& objectName, QWidget* parent)
{
    auto* edit = new QDateEdit(parent);
    edit->setObjectName(objectName);
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(u"yyyy-MM-dd"_s);
    return edit;
}
} // namespace

ReferralStatutoryPage::ReferralStatutoryPage(QWidget* parent)
    : QWizardPage(parent)
    , m_route(vocabularyCombo(Vocabulary::StatutoryRoute, tr("Statutory route"), this))
    , m_reference(new QLineEdit(this))
    , m_reasonable(
          vocabularyCombo(Vocabulary::GroundsDecision, tr("Reasonable grounds decision"), this, tr("No decision yet")))
    , m_reasonableDate(dateEdit(u"reasonableGroundsDate"_s, this))
    , m_conclusive(
          vocabularyCombo(Vocabulary::GroundsDecision, tr("Conclusive grounds decision"), this, tr("No decision yet")))
    , m_conclusiveDate(dateEdit(u"conclusiveGroundsDate"_s, this))
    , m_message(messageLabel(u"statutoryMessage"_s, this))
{
    setTitle(tr("Statutory route (UK)"));
    setSubTitle(tr("Whether the person was referred into the National Referral Mechanism or notified under the "
                   "duty to notify. Choose \"No statutory referral\" elsewhere."));
    m_route->setObjectName(u"statutoryRoute"_s);
    selectCode(m_route, u"none"_s);
    m_reference->setObjectName(u"statutoryReference"_s);
    m_reference->setMaxLength(64);
    m_reference->setPlaceholderText(tr("for example the competent authority's reference"));
    m_reasonable->setObjectName(u"reasonableGrounds"_s);
    m_conclusive->setObjectName(u"conclusiveGrounds"_s);
    m_reasonableDate->setAccessibleName(tr("Date of the reasonable grounds decision"));
    m_conclusiveDate->setAccessibleName(tr("Date of the conclusive grounds decision"));

    auto* form = new QFormLayout(this);
    addRow(form, tr("&Route:"), m_route);
    addRow(form, tr("R&eference:"), m_reference);
    addRow(form, tr("Reasonable &grounds:"), m_reasonable);
    addRow(form, tr("Reasonable grounds &date:"), m_reasonableDate);
    addRow(form, tr("C&onclusive grounds:"), m_conclusive);
    addRow(form, tr("Conclusive grounds da&te:"), m_conclusiveDate);
    form->addRow(QString(), m_message);
    setTabOrder(m_route, m_reference);
    setTabOrder(m_reference, m_reasonable);
    setTabOrder(m_reasonable, m_reasonableDate);
    setTabOrder(m_reasonableDate, m_conclusive);
    setTabOrder(m_conclusive, m_conclusiveDate);

    for (QComboBox* c : {m_route, m_reasonable, m_conclusive})
        connect(c, &QComboBox::currentIndexChanged, this, &ReferralStatutoryPage::update);
    for (QDateEdit* d : {m_reasonableDate, m_conclusiveDate})
        connect(d, &QDateEdit::dateChanged, this, &ReferralStatutoryPage::update);
    connect(m_reference, &QLineEdit::textChanged, this, &ReferralStatutoryPage::update);
    update();
}

void ReferralStatutoryPage::setToday(const QDate& today)
{
    for (QDateEdit* d : {m_reasonableDate, m_conclusiveDate}) {
        d->setMaximumDate(today);
        d->setDate(today);
    }
}

void ReferralStatutoryPage::update()
{
    const bool statutory = currentCode(m_route) != "none"_L1;
    m_reference->setEnabled(statutory);
    m_reasonable->setEnabled(statutory);
    m_conclusive->setEnabled(statutory);
    m_reasonableDate->setEnabled(statutory && !currentCode(m_reasonable).isEmpty());
    m_conclusiveDate->setEnabled(statutory && !currentCode(m_conclusive).isEmpty());
    QString problem;
    if (statutory && !currentCode(m_conclusive).isEmpty() && currentCode(m_reasonable).isEmpty())
        problem = tr("A conclusive grounds decision comes after a reasonable grounds decision: record that one too.");
    else if (statutory && !currentCode(m_conclusive).isEmpty() && m_conclusiveDate->date() < m_reasonableDate->date())
        problem = tr("The conclusive grounds decision cannot be dated before the reasonable grounds decision.");
    showMessage(m_message, problem, false);
    emit completeChanged();
}

bool ReferralStatutoryPage::isComplete() const
{
    return m_message->text().isEmpty();
}

std::optional<StatutoryRoute> ReferralStatutoryPage::route() const
{
    const QString code = currentCode(m_route);
    if (code == "none"_L1)
        return std::nullopt;
    StatutoryRoute r;
    r.route = code;
    r.reference = m_reference->text().trimmed();
    if (const QString d = currentCode(m_reasonable); !d.isEmpty())
        r.reasonableGrounds = {d, m_reasonableDate->date()};
    if (const QString d = currentCode(m_conclusive); !d.isEmpty())
        r.conclusiveGrounds = {d, m_conclusiveDate->date()};
    return r;
}

void ReferralStatutoryPage::clearAll()
{
    selectCode(m_route, u"none"_s);
    m_reference->clear();
    m_reasonable->setCurrentIndex(0);
    m_conclusive->setCurrentIndex(0);
}

} // namespace htmse
