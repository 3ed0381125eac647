using VetrAI.Runtime.Messaging;

namespace VetrAI.Runtime.Activation;

/// <summary>Work that runs as a turn of an activation: a queued call or a timer tick.</summary>
internal interface ITurn
{
    TurnKind Kind { get; }

    /// <summary>Runs the turn, which the activation has already counted as started; the turn must end
    /// with <see cref="ActivationData.EndTurn"/>.</summary>
    void Run(ActivationData activation);

    /// <summary>The activation went away before the turn started. With no failure, a call goes on to
    /// the grain's next activation; with one, it fails with it.</summary>
    void Abandon(Exception? failure);
}
