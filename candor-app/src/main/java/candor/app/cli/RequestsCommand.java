package candor.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code candor requests}: people's requests about their own faces, for privacy officers (a key
 * of role privacy-officer): access, erasure and objection by selfie, the register, the reviews
 * of matches, the report, erasure or an overriding basis on request, the answer, and the
 * do-not-enrol list. Prints usage without a subcommand.
 */
@Command(name = "requests", mixinStandardHelpOptions = true,
    header = "People's requests about their own faces: access, erasure, objection, opt-out.",
    description = {
      "A privacy officer receives a person's request with their photo ('access'): Candor searches"
          + " every collection at a strict threshold (calibrated false match rate 1e-5 by"
          + " default) and registers the request, due one month later, with the faces found."
          + " Two different reviewers confirm each match ('confirm', 'reject'); after the"
          + " requester's identity is checked ('identity') the officer gives them the report"
          + " ('report', JSON or PDF), erases confirmed faces on request ('erase', receipts"
          + " attached) or records the lawful basis that overrides the request ('object'), and"
          + " answers ('answer'), which deletes the requester's photo.",
      "'optout' puts a person on the do-not-enrol list: every later ingest leaves their face"
          + " out and audits the skip; 'optout-remove' takes them off at their request.",
      "Every step is audited; the audit holds neither the requester's reference nor a photo."
    },
    subcommands = {RequestsAccessCommand.class, RequestsListCommand.class,
        RequestsShowCommand.class, RequestsConfirmCommand.class, RequestsRejectCommand.class,
        RequestsIdentityCommand.class, RequestsReportCommand.class, RequestsEraseCommand.class,
        RequestsObjectCommand.class, RequestsAnswerCommand.class, RequestsOptOutCommand.class,
        RequestsOptOutRemoveCommand.class, RequestsOptOutsCommand.class})
public final class RequestsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.USAGE;
  }
}
