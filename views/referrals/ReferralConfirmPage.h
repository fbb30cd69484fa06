// ReferralConfirmPage: the letter as the recipient will read it, the duplicate guard's warning
// when the same case already went to the same recipient (or for the same need), and Finish.
#pragma once

#include <QWizardPage>

class QCheckBox;
class QLabel;
class QTextBrowser;

namespace htmse {

class ReferralConfirmPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit ReferralConfirmPage(QWidget* parent = nullptr);

    // `duplicates` is empty when the case has no open referral like this one.
    void showLetter(const QString& letterHtml, const QString& duplicates);
    void showError(const QString& message);
    // For a recipient outside the directory: the choice to mark the referral sent and make a
    // one-time answer link for them (through sync, from the referral log) once it is recorded.
    void offerAnswerLink(bool offer);
    bool wantsAnswerLink() const;
    bool isComplete() const override;
    void clearAll();

private:
    QTextBrowser* m_letter;
    QLabel* m_duplicates;
    QCheckBox* m_anyway;
    QCheckBox* m_answerLink;
    QLabel* m_error;
};

} // namespace htmse
