// CreateProfileDialog: a name and a passphrase (typed twice), with a strength meter.
#pragma once

#include "core/SecureBytes.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;

namespace htmse {

class CreateProfileDialog : public QDialog
{
    Q_OBJECT

public:
    explicit CreateProfileDialog(int minScore, QWidget* parent = nullptr);

    QString profileName() const;
    SecureBytes takePassphrase(); // clears the fields

private:
    void update();

    int m_minScore;
    QLineEdit* m_name;
    QLineEdit* m_passphrase;
    QLineEdit* m_repeat;
    QProgressBar* m_strength;
    QLabel* m_advice;
    QDialogButtonBox* m_buttons;
};

} // namespace htmse
