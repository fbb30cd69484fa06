// Printing: HTML documents (referral letters, shortlists) to a printer the person chooses.
// The caller records the print in the audit log; nothing here touches the profile.
#pragma once

#include <QString>

class QPrinter;
class QWidget;

namespace htmse {

class Printing
{
public:
    // Prints to `printer` as it is set up (tests print to a PDF file). False if it could not.
    static bool print(const QString& html, QPrinter* printer);
    // Asks which printer with the system's print dialog; false when cancelled or failed.
    static bool printWithDialog(const QString& html, const QString& title, QWidget* parent);
};

} // namespace htmse
