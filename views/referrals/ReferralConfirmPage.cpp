#include "views/referrals/ReferralConfirmPage.h"

#include "views/referrals/ReferralWizardWidgets.h"

#include <QCheckBox>
#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace htmse {

using namespace Qt::StringLiterals;

ReferralConfirmPage::ReferralConfirmPage(QWidget* parent)
    : QWizardPage(parent)
    , m_letter(new QTextBrowser(this))
    , m_duplicates(referralui::messageLabel(u"duplicateWarning"_s, this))
    , m_anyway(new QCheckBox(tr("I know; record this referral &anyway"), this))
    , m_answerLink(new QCheckBox(tr("Mark it sent and make a one-time answer &link for the recipient"), this))
    , m_error(referralui::messageLabel(u"recordError"_s, this))
{
    setTitle(tr("Letter and confirmation"));
    setSubTitle(tr("This is the letter that goes with the referral. Finish records the referral; it is sent at "
                   "the next sync."));
    m_letter->setObjectName(u"letterPreview"_s);
    m_letter->setAccessibleName(tr("Letter preview"));
    m_letter->setOpenLinks(false);
    m_anyway->setObjectName(u"recordAnyway"_s);
    m_anyway->setAccessibleName(tr("Record this referral anyway"));
    m_anyway->setVisible(false);
    m_answerLink->setObjectName(u"makeAnswerLinkOnFinish"_s);
    m_answerLink->setAccessibleName(tr("Mark it sent and make a one-time answer link for the recipient"));
    m_answerLink->setToolTip(tr("The recipient is outside the directory: the link lets them accept or decline "
                                "once, without an account. It is made through sync and shown once."));
    m_answerLink->setVisible(false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_duplicates);
    layout->addWidget(m_anyway);
    layout->addWidget(m_letter, 1);
    layout->addWidget(m_answerLink);
    layout->addWidget(m_error);
    setTabOrder(m_anyway, m_letter);
    setTabOrder(m_letter, m_answerLink);
    connect(m_anyway, &QCheckBox::toggled, this, &ReferralConfirmPage::completeChanged);
}

void ReferralConfirmPage::showLetter(const QString& letterHtml, const QString& duplicates)
{
    m_letter->setHtml(letterHtml);
    referralui::showMessage(m_duplicates, duplicates, true);
    m_anyway->setChecked(false);
    m_anyway->setVisible(!duplicates.isEmpty());
    m_error->hide();
    emit completeChanged();
}

void ReferralConfirmPage::showError(const QString& message)
{
    referralui::showMessage(m_error, message, false);
}

void ReferralConfirmPage::offerAnswerLink(bool offer)
{
    m_answerLink->setVisible(offer);
    if (!offer)
        m_answerLink->setChecked(false);
}

bool ReferralConfirmPage::wantsAnswerLink() const
{
    return !m_answerLink->isHidden() && m_answerLink->isChecked();
}

bool ReferralConfirmPage::isComplete() const
{
    return m_duplicates->text().isEmpty() || m_anyway->isChecked();
}

void ReferralConfirmPage::clearAll()
{
    m_letter->clear();
    m_duplicates->clear();
    m_duplicates->hide();
    m_anyway->setChecked(false);
    m_anyway->hide();
    m_answerLink->setChecked(false);
    m_answerLink->hide();
    m_error->hide();
}

} // namespace htmse
