#include "views/referrals/ReferralCasePage.h"

#include "views/referrals/ReferralTexts.h"
#include "views/referrals/ReferralWizardWidgets.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace htmse {

using namespace referralui;

ReferralCasePage::ReferralCasePage(QWidget* parent)
    : QWizardPage(parent)
    , m_caseRef(new QLineEdit(this))
    , m_caseRefMessage(messageLabel(QStringLiteral("caseRefMessage"), this))
    , m_kind(vocabularyCombo(Vocabulary::ReferralKind, tr("Kind of referral"), this))
    , m_urgency(vocabularyCombo(Vocabulary::Urgency, tr("Urgency"), this))
    , m_ageBand(vocabularyCombo(Vocabulary::AgeBand, tr("Age band"), this, tr("Not recorded")))
    , m_gender(vocabularyCombo(Vocabulary::Gender, tr("Gender"), this, tr("Not recorded")))
{
    setTitle(tr("Case"));
    setSubTitle(tr("The case reference is your office's code for the person — never their name."));
    m_caseRef->setObjectName(QStringLiteral("caseRef"));
    m_caseRef->setMaxLength(64);
    m_caseRef->setPlaceholderText(tr("for example HT-2026-0142"));
    m_kind->setObjectName(QStringLiteral("kind"));
    m_urgency->setObjectName(QStringLiteral("urgency"));
    m_ageBand->setObjectName(QStringLiteral("ageBand"));
    m_gender->setObjectName(QStringLiteral("gender"));

    auto* form = new QFormLayout;
    addRow(form, tr("Case &reference:"), m_caseRef);
    form->addRow(QString(), m_caseRefMessage);
    addRow(form, tr("&Kind of referral:"), m_kind);
    addRow(form, tr("&Urgency:"), m_urgency);
    addRow(form, tr("&Age band:"), m_ageBand);
    addRow(form, tr("&Gender:"), m_gender);
    setLayout(form);
    setTabOrder(m_caseRef, m_kind);
    setTabOrder(m_kind, m_urgency);
    setTabOrder(m_urgency, m_ageBand);
    setTabOrder(m_ageBand, m_gender);

    connect(m_caseRef, &QLineEdit::textChanged, this, &ReferralCasePage::checkCaseRef);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &ReferralCasePage::kindChanged);
}

void ReferralCasePage::checkCaseRef()
{
    bool warning = false;
    const QString problem = ReferralTexts::caseRefProblem(m_caseRef->text().trimmed(), &warning);
    // Nothing typed yet is not a mistake to shout about.
    showMessage(m_caseRefMessage, m_caseRef->text().isEmpty() ? QString() : problem, warning);
    emit completeChanged();
}

bool ReferralCasePage::isComplete() const
{
    return ReferralDetails::isValidCaseRef(m_caseRef->text().trimmed());
}

void ReferralCasePage::apply(ReferralDetails& details) const
{
    details.caseRef = m_caseRef->text().trimmed();
    details.kind = currentCode(m_kind);
    details.urgency = currentCode(m_urgency);
    details.ageBand = currentCode(m_ageBand);
    details.gender = currentCode(m_gender);
}

QString ReferralCasePage::kind() const
{
    return currentCode(m_kind);
}

void ReferralCasePage::setKind(const QString& kind)
{
    selectCode(m_kind, kind);
}

void ReferralCasePage::clearAll()
{
    m_caseRef->clear();
    m_kind->setCurrentIndex(0);
    m_urgency->setCurrentIndex(0);
    m_ageBand->setCurrentIndex(0);
    m_gender->setCurrentIndex(0);
}

} // namespace htmse
