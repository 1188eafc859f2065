using System.CommandLine;
using Grove.Core.Errors;
using Grove.Services.Voice;

namespace Grove.Cli.Commands;

/// <summary><c>grove transcribe &lt;audio-file&gt;</c>: voice to text with the same source the composer uses; <c>--status</c> says which.</summary>
internal static class TranscribeCommand
{
    public static Command Build(CliContext context)
    {
        var file = new Argument<string?>("audio-file") { Description = "An audio file (webm, ogg, wav, mp3, m4a, flac; at most 25 MB)", Arity = ArgumentArity.ZeroOrOne };
        var status = new Option<bool>("--status") { Description = "Only say which source voice input would use (OpenAI key and where it was found, local server, account backend) or how to enable it" };
        var command = new Command("transcribe", "Print the text of an audio file (OpenAI Whisper with your key, a local server at voice.base_url, or a paid Grove account)") { file, status };
        command.SetAction(async (parse, ct) =>
        {
            var voice = await context.GetAsync<IVoice>(ct);
            if (parse.GetValue(status))
            {
                var state = await voice.StatusAsync(ct);
                if (parse.GetValue(GroveCli.JsonOption))
                {
                    Json.Write(context.Out, state);
                }
                else
                {
                    context.Out.WriteLine(state.Describe());
                }

                return state.Available ? ExitCodes.Success : ExitCodes.Unsupported;
            }

            var path = parse.GetValue(file) ?? throw new GroveException(ErrorKind.InvalidInput, "Name an audio file: grove transcribe <audio-file> (or --status).");
            var transcript = await voice.TranscribeFileAsync(path, ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, transcript);
            }
            else
            {
                context.Out.WriteLine(transcript.Text);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
